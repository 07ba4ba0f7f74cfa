package dev.switchboard.adapters.telegram;

import dev.switchboard.core.support.SwitchboardException;

/**
 * A Bot API call other than a send failed: Telegram answered {@code ok: false}, or could not be
 * reached ({@link #errorCode()} 0). The message never contains the bot token.
 */
public class TelegramApiException extends SwitchboardException {
    private final int errorCode;

    public TelegramApiException(String method, int errorCode, String description) {
        super("Telegram " + method + " failed" + (errorCode == 0 ? "" : " with " + errorCode) + ": " + description);
        this.errorCode = errorCode;
    }

    /** The Bot API's {@code error_code} (401: the token is not a bot's), or 0 when Telegram did not answer. */
    public int errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return errorCode == 0 || errorCode == 429 || errorCode >= 500;
    }
}
