package dev.switchboard.adapters.instagram.internal;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a text into parts of at most a number of UTF-8 bytes (Instagram counts bytes, not
 * characters). A part ends at a paragraph, line, sentence or word break when one lies in the
 * second half of the allowance; otherwise at a character boundary, so a code point, a surrogate
 * pair or an emoji with its modifiers is never cut in two. Whitespace at a break is dropped.
 */
final class Utf8Chunks {
    private static final int LONGEST_CODE_POINT = 4;

    private Utf8Chunks() {}

    static List<String> split(String text, int maxBytes) {
        if (maxBytes < LONGEST_CODE_POINT) throw new IllegalArgumentException("maxBytes must be at least 4");
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (utf8Length(rest) > maxBytes) {
            int cut = breakPoint(rest, fittingChars(rest, maxBytes));
            String part = rest.substring(0, cut).stripTrailing();
            if (!part.isEmpty()) parts.add(part);
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) parts.add(rest);
        return parts;
    }

    /** The encoded length; a lone surrogate counts as the 3 bytes of its replacement character. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += bytes(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** How many chars from the start fit in {@code maxBytes}, stepping whole code points. */
    private static int fittingChars(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (bytes + bytes(cp) > maxBytes) break;
            bytes += bytes(cp);
            i += Character.charCount(cp);
        }
        return i;
    }

    /** Where to cut, at most {@code limit} chars in: a break in the second half keeps parts from being tiny. */
    private static int breakPoint(String text, int limit) {
        int floor = Math.max(1, limit / 2);
        int at = text.lastIndexOf("\n\n", limit - 1);
        if (at >= floor) return at;
        at = text.lastIndexOf('\n', limit);
        if (at >= floor) return at;
        at = sentenceEnd(text, limit);
        if (at >= floor) return at;
        at = lastWhitespace(text, limit);
        if (at >= floor) return at;
        return graphemeBoundary(text, limit);
    }

    /** The whitespace right after a sentence's closing punctuation, at or before {@code limit}. */
    private static int sentenceEnd(String text, int limit) {
        for (int i = Math.min(limit, text.length() - 1); i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i)) && isSentencePunctuation(text.charAt(i - 1))) return i;
        }
        return -1;
    }

    private static int lastWhitespace(String text, int limit) {
        for (int i = Math.min(limit, text.length() - 1); i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) return i;
        }
        return -1;
    }

    private static int graphemeBoundary(String text, int limit) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        int boundary = graphemes.isBoundary(limit) ? limit : graphemes.preceding(limit);
        // A single cluster longer than the allowance (pathological): fall back to the code point cut.
        return boundary > 0 ? boundary : limit;
    }

    private static boolean isSentencePunctuation(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static int bytes(int cp) {
        if (cp < 0x80) return 1;
        if (cp < 0x800) return 2;
        if (cp < 0x10000) return 3;
        return 4;
    }
}
