package dev.switchboard.core.support;

/** The change contradicts existing state (a second agent on one number, a duplicate id). */
public class ConflictException extends SwitchboardException {
    public ConflictException(String message) {
        super(message);
    }
}
