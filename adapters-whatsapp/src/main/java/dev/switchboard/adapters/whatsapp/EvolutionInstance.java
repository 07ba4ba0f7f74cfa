package dev.switchboard.adapters.whatsapp;

import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.InvalidInputException;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * One Evolution instance as the REST API addresses it: the server, the instance name (the last path
 * segment of every instance route) and the instance token sent as {@code apikey}.
 */
public record EvolutionInstance(HttpUrl serverUrl, String name, Secret token) {

    /** The account setting naming the instance's server; without it the configured default is used. */
    public static final String SERVER_URL = "server_url";

    public EvolutionInstance {
        Objects.requireNonNull(serverUrl, "serverUrl");
        if (name == null || name.isBlank()) throw new InvalidInputException("instance", "an Evolution instance needs a name");
        if (token == null) throw new InvalidInputException("apikey", "Evolution instance '" + name + "' has no instance token");
    }

    /**
     * The instance behind a channel account: {@link ChannelAccount#id()} is the instance name and
     * {@link ChannelAccount#accessToken()} its token.
     *
     * @throws InvalidInputException when the account has no token, or neither it nor the
     *                               configuration names a server
     */
    public static EvolutionInstance of(ChannelAccount account, HttpUrl defaultServerUrl) {
        String own = account.setting(SERVER_URL);
        HttpUrl server;
        if (own != null && !own.isBlank()) {
            server = HttpUrl.parse(own.strip());
            if (server == null) {
                throw new InvalidInputException(SERVER_URL,
                        "account " + account.id() + " has a server_url that is not an http(s) URL: '" + own + "'");
            }
        } else if (defaultServerUrl != null) {
            server = defaultServerUrl;
        } else {
            throw new InvalidInputException(SERVER_URL,
                    "account " + account.id() + " has no server_url and EVOLUTION_API_URL is not set");
        }
        return new EvolutionInstance(server, account.id(), account.accessToken());
    }

    /** {@code {server}/{first}/{second}/{instance}}, e.g. {@code message/sendText}; keeps any path prefix of the server. */
    public HttpUrl route(String first, String second) {
        // OkHttp replaces a trailing empty segment, so "https://evo/" and "https://evo" give the same route.
        return serverUrl.newBuilder().addPathSegment(first).addPathSegment(second).addPathSegment(name).build();
    }
}
