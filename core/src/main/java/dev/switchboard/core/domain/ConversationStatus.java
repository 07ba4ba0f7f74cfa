package dev.switchboard.core.domain;

import java.util.Locale;
import java.util.Optional;

public enum ConversationStatus {
    /** The bot answers. */
    ACTIVE,
    /** A human took over; the bot stays silent until the conversation is set active again. */
    PAUSED,
    /** The model asked for a human; the bot stays silent like {@link #PAUSED}. */
    ESCALATED,
    /** Closed; a new customer message opens a new conversation. */
    RESOLVED,
    /** Closed because the number was relinked to another agent. */
    ARCHIVED;

    public boolean botAnswers() {
        return this == ACTIVE;
    }

    /** Whether a new inbound message still belongs to this conversation. */
    public boolean open() {
        return this == ACTIVE || this == PAUSED || this == ESCALATED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConversationStatus> fromWire(String value) {
        if (value == null) return Optional.empty();
        for (ConversationStatus s : values()) {
            if (s.wire().equals(value.trim().toLowerCase(Locale.ROOT))) return Optional.of(s);
        }
        return Optional.empty();
    }
}
