package dev.switchboard.core.store;

import java.util.Locale;

/**
 * How a free-text {@code q} matches a contact, the same in every store: the contact's name contains
 * it (case-insensitive), or, when {@code q} reads as a phone number (digits with {@code + - ( ) .}
 * and spaces), the contact's E.164 phone contains its digits.
 */
public final class SearchText {
    private SearchText() {}

    /** @return q stripped, or null when blank */
    public static String normalise(String q) {
        if (q == null || q.isBlank()) return null;
        return q.strip();
    }

    /** @return q lower-cased for the name match, or null when there is no q */
    public static String name(String q) {
        String n = normalise(q);
        return n == null ? null : n.toLowerCase(Locale.ROOT);
    }

    /** @return the digits of q when it reads as a phone number, else null */
    public static String digits(String q) {
        String n = normalise(q);
        if (n == null) return null;
        StringBuilder digits = new StringBuilder();
        for (char c : n.toCharArray()) {
            if (c >= '0' && c <= '9') digits.append(c);
            else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') return null;
        }
        return digits.isEmpty() ? null : digits.toString();
    }

    /** Whether a contact with this name and phone matches q; no q matches everyone. */
    public static boolean matches(String q, String displayName, String phoneE164) {
        String name = name(q);
        if (name == null) return true;
        if (displayName != null && displayName.toLowerCase(Locale.ROOT).contains(name)) return true;
        String digits = digits(q);
        return digits != null && phoneE164 != null && phoneE164.contains(digits);
    }
}
