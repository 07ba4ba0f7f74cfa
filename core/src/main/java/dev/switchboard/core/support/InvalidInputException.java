package dev.switchboard.core.support;

/**
 * Input that breaks a rule. {@code field} names the offending field as the command or use case
 * calls it ({@code externalNumber}, {@code media.link}), for an answer that says which; a runner
 * maps it to its own wire name.
 */
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
