package dev.switchboard.adapters.webchat;

import dev.switchboard.core.domain.ChannelAccount;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sites a widget may be embedded in: the account's {@code allowed_origins} (stored in its
 * settings, space-separated), plus the server's own origin. A request with no Origin header is not
 * a cross-site browser request (same-origin GET, curl) and passes; a browser always sends Origin on
 * a cross-origin request, which is what this check is about.
 */
public final class Origins {
    public static final String SETTING = "allowed_origins";

    private Origins() {}

    public static List<String> allowed(ChannelAccount account) {
        String value = account.setting(SETTING);
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.trim().split("[\\s,]+")).map(Origins::normalise).toList();
    }

    /**
     * @param origin the request's Origin header, or null
     * @param host   the request's Host header (the server as the browser addressed it)
     */
    public static boolean permits(ChannelAccount account, String origin, String host) {
        if (origin == null || origin.isBlank()) return true;
        String o = normalise(origin);
        if (host != null && sameHost(o, host)) return true;
        return allowed(account).contains(o);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null) return false;
            int port = u.getPort() >= 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
            String h = host.toLowerCase(Locale.ROOT);
            String expected = u.getHost() + ":" + port;
            String bare = u.getHost();
            return h.equals(expected) || (h.equals(bare) && (port == 80 || port == 443));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
