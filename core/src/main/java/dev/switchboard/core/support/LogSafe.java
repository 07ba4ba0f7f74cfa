package dev.switchboard.core.support;

/**
 * Makes a value that came from outside (an instance name in a webhook, a header, a field) safe to
 * put in a log line: control characters, line and paragraph separators and bidirectional overrides
 * become Java-style escapes (backslash, {@code u}, four hex digits), so the value can neither start
 * a forged line nor reorder what a reader sees, and long values are cut. Not a redaction: secrets and phone numbers still go through
 * {@link Redact} or {@link dev.switchboard.core.domain.Secret}.
 */
public final class LogSafe {
    /** How many characters of a value {@link #of(String)} keeps. */
    public static final int DEFAULT_MAX = 80;

    private LogSafe() {}

    public static String of(String value) {
        return of(value, DEFAULT_MAX);
    }

    /** The value escaped as above, at most {@code max} of its characters, then how long it really was. */
    public static String of(String value, int max) {
        if (value == null) return "null";
        int keep = Math.min(value.length(), Math.max(0, max));
        if (keep > 0 && keep < value.length() && Character.isHighSurrogate(value.charAt(keep - 1))) keep--;
        StringBuilder out = new StringBuilder(keep + 16);
        value.substring(0, keep).codePoints().forEach(cp -> {
            if (unsafe(cp)) out.append(String.format("\\u%04X", cp));
            else out.appendCodePoint(cp);
        });
        if (keep < value.length()) out.append("…(").append(value.length()).append(" chars)");
        return out.toString();
    }

    /** A backslash is escaped too, so an escape in the output always stands for a replaced character. */
    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || cp == '\\';
    }
}
