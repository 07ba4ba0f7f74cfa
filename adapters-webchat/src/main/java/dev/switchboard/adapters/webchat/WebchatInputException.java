package dev.switchboard.adapters.webchat;

/**
 * A visitor's request the widget protocol refuses, naming the field and the HTTP status to answer
 * with (400 for a bad field, 413 for a body far over any limit).
 */
public final class WebchatInputException extends RuntimeException {
    private final String field;
    private final int status;

    public WebchatInputException(int status, String field, String message) {
        super(field + ": " + message, null, false, false);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
