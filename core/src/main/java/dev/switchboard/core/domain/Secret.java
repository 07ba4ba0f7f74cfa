package dev.switchboard.core.domain;

import java.util.Objects;

/**
 * A credential (access token, instance token, webhook secret). Its {@code toString} never shows the
 * value, so a secret that ends up in a log line or an exception message stays hidden.
 */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** A hint safe to show an operator: the last four characters at most. */
    public String masked() {
        if (value.length() <= 8) return "****";
        return "****" + value.substring(value.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
