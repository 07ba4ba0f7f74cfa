package dev.switchboard.adapters.webchat;

import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.support.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The web chat channel as a channel module: type {@code webchat}, provider {@code widget}. An
 * account is a widget; its id ({@code phone_number_id} on the wire) is the widget id in the embed
 * tag. No access token (the provider is our own script); {@value Origins#SETTING} lists the sites
 * that may embed it, each {@code scheme://host[:port]}, kept in the account's settings separated by
 * spaces (empty: the server's own origin only). No webhook routes: the visitor protocol under
 * {@code /webchat/} is served by the runner, which holds the HTTP details (sessions, live stream).
 */
public final class WebchatModule implements ChannelDescriptor {
    public static final WebchatModule DESCRIPTOR = new WebchatModule();

    private WebchatModule() {}

    public static ChannelModule create(WebchatChannel.Config config) {
        return new ChannelModule(DESCRIPTOR, new WebchatChannel(config));
    }

    @Override
    public String type() {
        return WebchatChannel.CHANNEL;
    }

    @Override
    public String provider() {
        return WebchatChannel.PROVIDER;
    }

    @Override
    public boolean defaultProvider() {
        return true;
    }

    @Override
    public List<RegistrationField> registrationFields() {
        return List.of(RegistrationField.optional(RegistrationField.DISPLAY_NAME, "the name the widget shows in its header"),
                RegistrationField.optional(Origins.SETTING,
                        "the sites that may embed the widget, each scheme://host[:port] (a list; empty: this server only)")
                        .checkedBy(WebchatModule::origins));
    }

    /** Each origin checked and normalised (lower case, no trailing slash); the list joined by spaces. */
    static String origins(String field, String value) {
        List<String> out = new ArrayList<>();
        for (String raw : value.trim().split("[\\s,]+")) {
            if (raw.isEmpty()) continue;
            String origin = Origins.normalise(raw);
            if (!isOrigin(origin)) {
                throw new InvalidInputException(field, "'" + raw + "' is not an origin: expected scheme://host[:port], "
                        + "e.g. https://shop.example (no path)");
            }
            if (!out.contains(origin)) out.add(origin);
        }
        return String.join(" ", out);
    }

    private static boolean isOrigin(String origin) {
        try {
            URI u = new URI(origin);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && u.getRawUserInfo() == null && (u.getRawPath() == null || u.getRawPath().isEmpty())
                    && u.getRawQuery() == null && u.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
