package dev.switchboard.core.support;

/**
 * Minimal E.164 normalisation for numbers a provider already gives in international form
 * (WhatsApp's wa_id "16505551234" → "+16505551234"). Channels that receive numbers in other forms
 * parse them with a real phone-number library in their adapter.
 */
public final class Phones {
    private Phones() {}

    /** @return "+digits" when the value is 8–15 digits once punctuation is dropped, else null */
    public static String e164OrNull(String raw) {
        if (raw == null) return null;
        StringBuilder digits = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c >= '0' && c <= '9') digits.append(c);
            else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') return null;
        }
        if (digits.length() < 8 || digits.length() > 15 || digits.charAt(0) == '0') return null;
        return "+" + digits;
    }
}
