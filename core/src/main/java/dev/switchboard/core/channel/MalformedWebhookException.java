package dev.switchboard.core.channel;

import dev.switchboard.core.support.InvalidInputException;

/** A webhook body the channel cannot read. Answered with 400: a provider retry would not help. */
public class MalformedWebhookException extends InvalidInputException {
    public MalformedWebhookException(String message) {
        super("body", message);
    }

    public MalformedWebhookException(String message, Throwable cause) {
        super("body", message);
        initCause(cause);
    }
}
