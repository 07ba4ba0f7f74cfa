package dev.switchboard.adapters.whatsapp;

import dev.switchboard.core.support.UpstreamException;

/**
 * An Evolution API management call failed. {@link #reason()} says how, {@link #status()} carries
 * the HTTP status (0 when there was no answer), and the message names the instance and the kind of
 * failure only: it is safe to show the API caller. What the server or the socket said is logged
 * where the failure happens, never carried here. Never carries a token.
 */
public class EvolutionApiException extends UpstreamException {
    static final String HOST_NOT_ALLOWED_MESSAGE =
            "the server_url points at an internal address that is not allowed (see EVOLUTION_ALLOWED_HOSTS)";

    public enum Reason {
        /** No answer: connection refused, reset or timed out. */
        UNREACHABLE,
        /** Not attempted: the server's host is, or resolved to, an internal address that is not allowed. */
        HOST_NOT_ALLOWED,
        /** 401/403: the apikey (global key or instance token) was refused. */
        UNAUTHORIZED,
        /** 404: the instance does not exist on that server. */
        INSTANCE_NOT_FOUND,
        /** 403 on create: another instance has the name. */
        NAME_IN_USE,
        /** Another 4xx, or a 2xx carrying {@code "error": true}: the request itself was refused. */
        REJECTED,
        /** 5xx. */
        SERVER_ERROR,
        /** A success whose body does not have the documented shape. */
        UNEXPECTED_RESPONSE
    }

    private final Reason reason;
    private final int status;

    public EvolutionApiException(Reason reason, int status, String message) {
        super(message);
        this.reason = reason;
        this.status = status;
    }

    public EvolutionApiException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = 0;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return status;
    }

    /** Whether the same call may succeed later unchanged. */
    public boolean retryable() {
        return reason == Reason.UNREACHABLE || reason == Reason.SERVER_ERROR;
    }
}
