package dev.switchboard.core.support;

/** Input that breaks a rule. {@code field} names the offending field, for a 400 that says which. */
public class InvalidInputException extends SwitchboardException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        String m = getMessage();
        return field != null && m.startsWith(field + ": ") ? m.substring(field.length() + 2) : m;
    }
}
