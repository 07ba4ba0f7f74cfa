package dev.switchboard.adapters.telegram.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into {@code sendMessage}-sized parts. Telegram counts a message's length in UTF-16
 * code units (4,096 at most); a cut prefers the last line break, then the last space, in the second
 * half of a part, and never falls between the two halves of a surrogate pair.
 */
public final class TextChunks {
    public static final int MAX_CHARS = 4096;

    private TextChunks() {}

    public static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > max) {
            int end = start + max;
            int cut = text.lastIndexOf('\n', end - 1);
            if (cut < start + max / 2) cut = text.lastIndexOf(' ', end - 1);
            if (cut < start + max / 2) {
                cut = end;
                if (Character.isHighSurrogate(text.charAt(cut - 1))) cut--;
                parts.add(text.substring(start, cut));
                start = cut;
            } else {
                parts.add(text.substring(start, cut));
                start = cut + 1; // the break itself is dropped: each part is a message of its own
            }
        }
        if (start < text.length() || parts.isEmpty()) parts.add(text.substring(start));
        return parts;
    }
}
