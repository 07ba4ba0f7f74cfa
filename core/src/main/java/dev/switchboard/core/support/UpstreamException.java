package dev.switchboard.core.support;

/**
 * A provider or other upstream service we called failed (no answer, refused credentials, a 5xx,
 * a body of the wrong shape) while serving a request. A runner answers it as a gateway failure
 * (HTTP 502) with a generic message; the message here is for logs only and must never carry a
 * token or a customer's phone number.
 */
public class UpstreamException extends SwitchboardException {
    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
