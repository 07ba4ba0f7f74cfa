package dev.switchboard.core.domain;

import java.util.Locale;
import java.util.Optional;

/** How a tenant pays for model calls. */
public enum CreditPolicy {
    /** One credit per answered turn and per extraction. */
    PER_REPLY,
    /** One credit per started 1,000 tokens (input + output) of each model call, at least one. */
    PER_1K_TOKENS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a call with this usage costs, given the flat cost per call. */
    public long cost(long flatCost, Usage usage) {
        if (this == PER_REPLY || usage == null) return flatCost;
        return Math.max(flatCost, (usage.totalTokens() + 999) / 1000);
    }

    public static Optional<CreditPolicy> fromWire(String value) {
        if (value == null) return Optional.empty();
        for (CreditPolicy p : values()) if (p.wire().equals(value.trim().toLowerCase(Locale.ROOT))) return Optional.of(p);
        return Optional.empty();
    }
}
