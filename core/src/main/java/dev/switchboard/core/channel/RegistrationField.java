package dev.switchboard.core.channel;

import java.util.Objects;

/**
 * One field an account of a channel is registered with. {@code name} is {@link #EXTERNAL_NUMBER},
 * {@link #ACCESS_TOKEN} or {@link #DISPLAY_NAME} for the account's own fields, any other name for a
 * provider setting kept in the account's settings. A runner may list these to tell a caller what a
 * channel type needs.
 *
 * @param check normalises a present value or throws an {@code InvalidInputException} naming the field
 */
public record RegistrationField(String name, boolean required, String description, Check check) {
    public static final String EXTERNAL_NUMBER = "externalNumber";
    public static final String ACCESS_TOKEN = "accessToken";
    public static final String DISPLAY_NAME = "displayName";

    /** Normalises a present, non-blank value; throws {@code InvalidInputException} for a bad one. */
    @FunctionalInterface
    public interface Check {
        String normalise(String field, String value);

        Check ANY = (field, value) -> value;
    }

    public RegistrationField {
        Objects.requireNonNull(name, "name");
        check = check == null ? Check.ANY : check;
    }

    public static RegistrationField required(String name, String description) {
        return new RegistrationField(name, true, description, Check.ANY);
    }

    public static RegistrationField optional(String name, String description) {
        return new RegistrationField(name, false, description, Check.ANY);
    }

    public RegistrationField checkedBy(Check check) {
        return new RegistrationField(name, required, description, check);
    }

    /** Whether this field is a provider setting rather than one of the account's own fields. */
    public boolean setting() {
        return !name.equals(EXTERNAL_NUMBER) && !name.equals(ACCESS_TOKEN) && !name.equals(DISPLAY_NAME);
    }
}
