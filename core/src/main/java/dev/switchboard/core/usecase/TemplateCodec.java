package dev.switchboard.core.usecase;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A template message's language and parameters as kept in the message's {@code raw} column, in
 * form encoding ({@code language=pt_BR&param=Ana&param=12}); only the engine reads it back.
 */
public final class TemplateCodec {
    /** The stored message type of a template. */
    public static final String TYPE = "template";

    public record Decoded(String language, List<String> params) {}

    private TemplateCodec() {}

    public static String encode(String language, List<String> params) {
        StringBuilder raw = new StringBuilder("language=").append(URLEncoder.encode(language, StandardCharsets.UTF_8));
        for (String p : params) raw.append("&param=").append(URLEncoder.encode(p, StandardCharsets.UTF_8));
        return raw.toString();
    }

    public static Decoded decode(String raw) {
        String language = null;
        List<String> params = new ArrayList<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) continue;
                String key = pair.substring(0, eq), value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("language")) language = value;
                else if (key.equals("param")) params.add(value);
            }
        }
        return new Decoded(language, params);
    }
}
