package dev.switchboard.core.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date.
 * Every adapter that calls someone else's API reads it the same way; what a sane wait is stays the
 * caller's choice.
 */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * @param header the header's value, possibly null or blank
     * @param now    the time an HTTP date is measured from
     * @return the wait (negative for a date already past), or empty when there is no usable value
     */
    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) return Optional.empty();
        String v = header.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return Optional.empty();
            return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** The header's wait when it is not negative, else {@code fallback} (which may be null). */
    public static Duration orElse(String header, Instant now, Duration fallback) {
        return parse(header, now).filter(d -> !d.isNegative()).orElse(fallback);
    }
}
