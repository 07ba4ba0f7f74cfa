package dev.switchboard.adapters.whatsapp.internal;

import dev.switchboard.core.net.OutboundHostPolicy;
import dev.switchboard.core.support.LogSafe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Holds an okhttp client to an {@link OutboundHostPolicy} at call time: an interceptor refuses
 * internal IP literals and allowed hosts on other ports (okhttp connects to a literal without asking
 * its {@code Dns}), and a {@code Dns} keeps only the allowed addresses of the name it resolves, so a
 * name that turns internal after it was checked (DNS rebinding) is refused too. Redirects are not
 * followed: the {@code apikey} header would go along to wherever the server points.
 */
public final class OutboundGuard implements Interceptor, Dns {
    private final OutboundHostPolicy policy;

    private OutboundGuard(OutboundHostPolicy policy) {
        this.policy = policy;
    }

    /** The client with the guard installed and redirects off; its pool and dispatcher are shared. */
    public static OkHttpClient harden(OkHttpClient client, OutboundHostPolicy policy) {
        OutboundGuard guard = new OutboundGuard(policy);
        return client.newBuilder()
                .followRedirects(false)
                .followSslRedirects(false)
                .dns(guard)
                .addInterceptor(guard)
                .build();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        String refused = policy.refusal(url.host(), url.port());
        if (refused != null) {
            throw new HostNotAllowedException(LogSafe.of(url.host()) + ":" + url.port() + " is " + refused + " and not allowed");
        }
        return chain.proceed(chain.request());
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> resolved = policy.resolve(hostname);
        List<InetAddress> allowed = policy.allowedAddresses(hostname, resolved);
        if (allowed.isEmpty()) {
            throw new HostNotAllowedException(LogSafe.of(hostname) + " resolves only to internal addresses, which are not allowed");
        }
        return allowed;
    }
}
