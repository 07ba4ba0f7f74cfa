package dev.switchboard.core.support;

/**
 * Masks personal data for log lines. Phone numbers and channel user ids keep only their last
 * four characters; secrets are never passed here, they are {@link dev.switchboard.core.domain.Secret}s.
 */
public final class Redact {
    private Redact() {}

    public static String id(String value) {
        if (value == null) return "null";
        if (value.length() <= 4) return "****";
        return "****" + value.substring(value.length() - 4);
    }
}
