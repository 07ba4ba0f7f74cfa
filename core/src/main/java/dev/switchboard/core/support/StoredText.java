package dev.switchboard.core.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text made storable everywhere: U+0000 (which PostgreSQL refuses in text and jsonb) and lone
 * surrogates (which UTF-8 cannot encode) become U+FFFD, the replacement character, so a message
 * carrying them is stored and answered rather than refused. Every other character is kept.
 */
public final class StoredText {
    public static final char REPLACEMENT = '\uFFFD';

    private StoredText() {}

    /** The text with U+0000 and lone surrogates replaced by U+FFFD; null stays null. */
    public static String clean(String s) {
        if (s == null || !needsCleaning(s)) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Every key and value cleaned. */
    public static Map<String, String> clean(Map<String, String> map) {
        if (map == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(clean(k), clean(v)));
        return out;
    }

    private static boolean needsCleaning(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) return true;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
