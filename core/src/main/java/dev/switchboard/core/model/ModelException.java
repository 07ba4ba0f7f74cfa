package dev.switchboard.core.model;

import dev.switchboard.core.support.SwitchboardException;

/**
 * A model call failed. {@code retryable} says whether trying again could help (rate limit, 5xx,
 * timeout) or not (auth, bad request, quota exhausted); adapters retry within their own budget
 * before throwing, so the engine does not retry, it falls back.
 */
public class ModelException extends SwitchboardException {
    private final boolean retryable;
    private final String code;
    private final String requestId;

    public ModelException(String message, boolean retryable, String code, String requestId, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.code = code;
        this.requestId = requestId;
    }

    public boolean retryable() {
        return retryable;
    }

    public String code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }
}
