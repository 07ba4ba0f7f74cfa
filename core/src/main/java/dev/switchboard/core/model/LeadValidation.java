package dev.switchboard.core.model;

import dev.switchboard.core.support.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Checks model-extracted lead data before it is stored: scores 1–3, e-mail shape, ISO date-time. */
public final class LeadValidation {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private LeadValidation() {}

    /** @throws InvalidInputException naming the first bad field */
    public static void check(LeadData d) {
        score("urgency", d.urgency());
        score("budget", d.budget());
        score("fit", d.fit());
        score("engagement", d.engagement());
        if (blankToNull(d.email()) != null && !EMAIL.matcher(d.email().trim()).matches()) {
            throw new InvalidInputException("email", "not an e-mail address");
        }
        demoInstant(d.demoDatetime());
    }

    /** The demo date-time as an instant; null when absent. Local date-times are read as UTC. */
    public static Instant demoInstant(String value) {
        String v = blankToNull(value);
        if (v == null) return null;
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException("demo_datetime", "not an ISO-8601 date-time: " + v);
            }
        }
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void score(String field, Integer value) {
        if (value != null && (value < 1 || value > 3)) throw new InvalidInputException(field, "must be 1, 2 or 3, was " + value);
    }
}
