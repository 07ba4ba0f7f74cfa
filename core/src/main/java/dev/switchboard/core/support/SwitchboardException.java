package dev.switchboard.core.support;

/** Base of Switchboard's unchecked exceptions. */
public class SwitchboardException extends RuntimeException {
    public SwitchboardException(String message) {
        super(message);
    }

    public SwitchboardException(String message, Throwable cause) {
        super(message, cause);
    }
}
