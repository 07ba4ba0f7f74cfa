package dev.switchboard.adapters.openai.internal;

/** Blank agent settings count as unset. */
final class Strings {
    private Strings() {}

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String orDefault(String value, String fallback) {
        String v = blankToNull(value);
        return v == null ? fallback : v;
    }
}
