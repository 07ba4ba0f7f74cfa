package dev.switchboard.adapters.whatsapp.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits a long text into parts no longer than a limit, at a paragraph, line or word break where one is near. */
final class TextChunks {
    private TextChunks() {}

    /** @param max the longest part, in UTF-16 chars (never fewer code points, so it bounds both counts) */
    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = breakPoint(rest, max);
            String part = rest.substring(0, cut).stripTrailing();
            if (!part.isEmpty()) parts.add(part);
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) parts.add(rest);
        return parts;
    }

    /** A break in the second half of the window keeps parts readable without making them tiny. */
    private static int breakPoint(String text, int max) {
        String window = text.substring(0, max + 1);
        for (String separator : new String[] {"\n\n", "\n", " "}) {
            int at = window.lastIndexOf(separator);
            if (at >= max / 2 && at > 0) return at;
        }
        // No break nearby: cut hard, but never between the two halves of a surrogate pair.
        return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    }
}
