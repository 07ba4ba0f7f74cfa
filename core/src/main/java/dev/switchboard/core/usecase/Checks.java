package dev.switchboard.core.usecase;

import dev.switchboard.core.support.InvalidInputException;
import java.util.regex.Pattern;

/** The small rules commands share; every failure names the field. */
final class Checks {
    static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:@+-]{1,100}$");

    private Checks() {}

    /** The value trimmed; "is required" when null, "must not be blank" when blank. */
    static String required(String field, String value) {
        if (value == null) throw new InvalidInputException(field, "is required");
        if (value.isBlank()) throw new InvalidInputException(field, "must not be blank");
        return value.trim();
    }

    /** The value trimmed, or null when null or blank. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An identifier a caller chooses: null stays null. */
    static String id(String field, String value) {
        if (value != null && !ID.matcher(value).matches()) {
            throw new InvalidInputException(field, "may only hold letters, digits and . _ : @ + -");
        }
        // "." and ".." name a folder, not a thing: an id used in a path (media, exports) must not climb out
        if (value != null && value.chars().allMatch(c -> c == '.')) throw new InvalidInputException(field, "may not be only dots");
        return value;
    }

    static Long range(String field, Long value, long min, long max) {
        if (value != null && (value < min || value > max)) throw new InvalidInputException(field, "must be between " + min + " and " + max);
        return value;
    }

    static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) throw new InvalidInputException(field, "must be at most " + max + " characters");
        return value;
    }
}
