package dev.switchboard.adapters.telegram.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.SendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns a failed Bot API call into the {@link SendResult} that says whether retrying can help. The
 * Bot API answers errors as {@code {"ok":false,"error_code":…,"description":…,"parameters":{…}}};
 * the {@code error_code} mirrors the HTTP status.
 */
public final class TelegramErrors {
    /**
     * The code of a send refused because the customer blocked the bot (or deleted their account):
     * no later send to that chat can succeed, so the conversation should be marked as such.
     */
    public static final String BLOCKED = "blocked";

    private TelegramErrors() {}

    /** The Bot API's error envelope, read leniently: an unreadable body gives only the HTTP status. */
    public record ApiError(int code, String description, Duration retryAfter) {
        public static ApiError read(int httpStatus, String body) {
            JsonNode root = null;
            try {
                if (body != null && !body.isBlank()) root = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                root = null;
            }
            String code = Json.text(root, "error_code");
            String description = Json.text(root, "description");
            String retryAfter = Json.text(Json.object(root, "parameters"), "retry_after");
            int errorCode = httpStatus;
            try {
                if (code != null) errorCode = Integer.parseInt(code);
            } catch (NumberFormatException ignored) {
                // keep the HTTP status
            }
            Duration wait = null;
            try {
                if (retryAfter != null) wait = Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter)));
            } catch (NumberFormatException ignored) {
                // no usable wait: the caller's backoff applies
            }
            return new ApiError(errorCode, description == null ? "HTTP " + httpStatus + " from the Telegram Bot API" : description, wait);
        }

        /** 403 with "bot was blocked by the user", "user is deactivated" and the like. */
        public boolean recipientBlocked() {
            String d = description.toLowerCase(Locale.ROOT);
            return code == 403 && (d.contains("blocked") || d.contains("deactivated") || d.contains("kicked"));
        }
    }

    /**
     * 429 is rate-limited for {@code parameters.retry_after}; 5xx is retryable; 403 because the user
     * blocked the bot is permanent with code {@value #BLOCKED}; every other 4xx is permanent with the
     * error code as text.
     */
    public static SendResult fromResponse(int httpStatus, String body) {
        ApiError error = ApiError.read(httpStatus, body);
        String code = Integer.toString(error.code());
        if (error.code() == 429 || httpStatus == 429) return new SendResult.RateLimited(error.retryAfter(), "429", error.description());
        if (httpStatus >= 500 || error.code() >= 500 || httpStatus == 408) return new SendResult.Retryable(code, error.description());
        if (error.recipientBlocked()) return new SendResult.Permanent(BLOCKED, error.description(), SendResult.Cause.RECIPIENT_BLOCKED);
        return new SendResult.Permanent(code, error.description());
    }

    /** No answer at all (connection refused, reset, timeout): the request may never have reached Telegram. */
    public static SendResult fromIoFailure(IOException e, String botToken) {
        return new SendResult.Retryable("io", e.getClass().getSimpleName() + ": " + TokenMask.mask(e.getMessage(), botToken));
    }
}
