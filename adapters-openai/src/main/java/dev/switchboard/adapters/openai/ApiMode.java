package dev.switchboard.adapters.openai;

import dev.switchboard.core.support.ConfigurationException;
import java.util.Locale;

/** Which OpenAI API the adapter speaks. */
public enum ApiMode {
    /** {@code /responses} + {@code /conversations}: OpenAI keeps the conversation, dashboard prompts work. */
    RESPONSES("responses"),
    /** {@code /chat/completions}: stateless, for OpenAI-compatible servers (Ollama, vLLM…); history is resent. */
    CHAT_COMPLETIONS("chat_completions");

    private final String wire;

    ApiMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses {@code responses} or {@code chat_completions} (case-insensitive). */
    public static ApiMode parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (ApiMode mode : values()) {
                if (mode.wire.equals(v)) return mode;
            }
        }
        throw new ConfigurationException("api", "must be 'responses' or 'chat_completions', got '" + value + "'");
    }
}
