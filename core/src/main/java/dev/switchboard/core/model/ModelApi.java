package dev.switchboard.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Which API style an agent's model is called with, kept in the agent's settings under
 * {@link #SETTING}. The model adapter reads it; core only stores it.
 */
public enum ModelApi {
    /** Stateful responses with a server-side conversation. */
    RESPONSES,
    /** Stateless chat completions; the adapter sends the recent history each turn. */
    CHAT_COMPLETIONS;

    public static final String SETTING = "api";

    /** The value stored in the agent's settings. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModelApi> fromKey(String key) {
        if (key == null) return Optional.empty();
        for (ModelApi a : values()) if (a.key().equals(key.trim().toLowerCase(Locale.ROOT))) return Optional.of(a);
        return Optional.empty();
    }
}
