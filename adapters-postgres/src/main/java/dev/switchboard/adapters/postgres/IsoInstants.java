package dev.switchboard.adapters.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Reads the timestamps PostgreSQL writes into JSON ({@code to_jsonb(timestamptz)}):
 * {@code 2026-11-28T21:38:33.692035+00:00}, a fraction of 0–6 digits, the session's offset as
 * {@code ±HH:MM} ({@code ±HH:MM:SS} for an old local mean time; {@code ±HH} is read too). That shape is read by hand, since
 * {@link OffsetDateTime#parse} was 2.7% of the server's CPU on the webhook path (every stored message
 * and conversation comes back with three to five of them); anything else (a year past 9999, a BC
 * date, a {@code Z}) goes to {@link OffsetDateTime#parse}, which also reports what is wrong.
 */
final class IsoInstants {
    private IsoInstants() {}

    static Instant parse(String text) {
        Instant fast = fast(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** The shape above, or null for anything else (including dates that do not exist). */
    static Instant fast(String s) {
        int n = s.length();
        if (n < 22 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
        int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return null;
        int i = 19, nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) nanos = nanos * 10 + (s.charAt(i++) - '0');
            if (i == start) return null;
            for (int k = i - start; k < 9; k++) nanos *= 10;
        }
        if (i >= n) return null;
        char sign = s.charAt(i++);
        if ((sign != '+' && sign != '-') || i + 2 > n) return null;
        int offset = digits(s, i, i + 2) * 3600;
        i += 2;
        for (int unit = 60; i < n && unit >= 1; unit /= 60) {
            if (s.charAt(i) != ':' || i + 3 > n) return null;
            int part = digits(s, i + 1, i + 3);
            if (part < 0 || part > 59) return null;
            offset += part * unit;
            i += 3;
        }
        if (i != n || offset < 0 || offset > 18 * 3600) return null;
        if (month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) return null;
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - (sign == '-' ? -offset : offset);
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
