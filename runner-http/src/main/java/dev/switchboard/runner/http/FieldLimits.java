package dev.switchboard.runner.http;

import dev.switchboard.core.usecase.Limits;
import java.util.Map;

/**
 * The longest value, in characters, each text field of the admin API takes; a longer one is a 400
 * naming the field and the limit. Fields not listed (provider settings and the like) take
 * {@link Limits#DEFAULT}. The limits are core's {@link Limits} (which the commands enforce too), here by wire name,
 * so a 400 names the field as the client sent it.
 */
final class FieldLimits {
    private static final int ID = Limits.ID, NAME = Limits.NAME, URL = Limits.URL, SHORT_TEXT = Limits.SHORT_TEXT,
            LONG_TEXT = Limits.LONG_TEXT;

    private static final Map<String, Integer> LIMITS = Map.ofEntries(
            Map.entry("user_id", ID), Map.entry("phone_number_id", ID), Map.entry("prompt_id", ID),
            Map.entry("prompt_version", ID), Map.entry("agent_id", ID), Map.entry("conversation_id", ID),
            Map.entry("type", ID), Map.entry("provider", ID), Map.entry("status", ID), Map.entry("model", NAME),
            Map.entry("language", ID), Map.entry("external_number", ID), Map.entry("email", Limits.EMAIL),
            Map.entry("company_name", NAME), Map.entry("display_name", NAME), Map.entry("name", NAME),
            Map.entry("filename", NAME), Map.entry("access_token", SHORT_TEXT), Map.entry("greeting", SHORT_TEXT),
            Map.entry("fallback_reply", SHORT_TEXT), Map.entry("text", SHORT_TEXT), Map.entry("caption", SHORT_TEXT),
            Map.entry("instructions", LONG_TEXT), Map.entry("link", URL), Map.entry("server_url", URL));

    private FieldLimits() {}

    /** The most characters the wire field {@code name} takes. */
    static int of(String name) {
        return LIMITS.getOrDefault(name, Limits.DEFAULT);
    }
}
