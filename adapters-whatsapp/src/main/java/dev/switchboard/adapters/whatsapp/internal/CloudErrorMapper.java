package dev.switchboard.adapters.whatsapp.internal;

import static dev.switchboard.adapters.whatsapp.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.support.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Turns a failed Cloud API call into the {@link SendResult} that says whether retrying can help.
 * Meta asks clients to decide on {@code error.code} (plus {@code error_data.details}), not on the
 * HTTP status, so the status is only consulted for codes this table does not know.
 */
public final class CloudErrorMapper {

    /** Rate limits, with how long to wait before the next attempt. */
    private static final Map<Integer, Duration> RATE_LIMITS = Map.of(
            130429, Duration.ofSeconds(1),   // number throughput: a per-second budget
            131056, Duration.ofSeconds(6),   // pair rate limit: one message per 6 s to the same user
            4, Duration.ofMinutes(1),        // app-level call rate, counted over a rolling hour
            80007, Duration.ofMinutes(1));   // WABA call rate, counted over a rolling hour

    /** Temporary failures on Meta's side: unknown error, service unavailable, maintenance. */
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 131000, 131016, 131057);

    private static final Set<Integer> PERMANENT = Set.of(
            0, 3, 10, 100, 190, 368, 131008, 131009, 131026, 131031, 131047, 131048, 131050, 131051, 131052, 131053);

    private CloudErrorMapper() {}

    /**
     * @param httpStatus the response status (not 2xx)
     * @param body       the response body, possibly empty or not JSON
     * @param retryAfter the {@code Retry-After} header, possibly null
     */
    public static SendResult fromResponse(int httpStatus, String body, String retryAfter) {
        JsonNode error = parseError(body);
        String codeText = text(error, "code");
        Integer code = codeText == null ? null : parseInt(codeText);
        String message = describe(error, httpStatus);
        if (code != null) {
            Duration wait = RATE_LIMITS.get(code);
            if (wait != null) return new SendResult.RateLimited(RetryAfter.orElse(retryAfter, Instant.now(), wait), codeText, message);
            if (TRANSIENT.contains(code)) return new SendResult.Retryable(codeText, message);
            if (isKnownPermanent(code)) return new SendResult.Permanent(codeText, message);
            if (error.path("is_transient").asBoolean(false)) return new SendResult.Retryable(codeText, message);
        }
        String reported = codeText != null ? codeText : "http_" + httpStatus;
        if (httpStatus == 429) return new SendResult.RateLimited(RetryAfter.orElse(retryAfter, Instant.now(), null), reported, message);
        if (httpStatus >= 500 || httpStatus == 408) return new SendResult.Retryable(reported, message);
        return new SendResult.Permanent(reported, message);
    }

    /** No answer at all (connection refused, reset, timeout): the request may never have reached Meta. */
    public static SendResult fromIoFailure(IOException e) {
        return new SendResult.Retryable("io", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * Codes Meta documents as needing a fix, not a retry, even when sent with a 5xx: auth (0, 190),
     * permissions (3, 10, 200–299), bad parameters (100, 131008, 131009), recipient and window
     * problems (131026, 131047, 131050, 131051), spam and policy (131048, 368, 131031), media
     * (131052, 131053), templates (132000–132999).
     */
    private static boolean isKnownPermanent(int code) {
        return PERMANENT.contains(code) || (code >= 200 && code <= 299) || (code >= 132000 && code <= 132999);
    }

    private static JsonNode parseError(String body) {
        if (body == null || body.isBlank()) return Json.MAPPER.missingNode();
        try {
            return Json.MAPPER.readTree(body).path("error");
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    private static String describe(JsonNode error, int httpStatus) {
        String message = text(error, "message");
        String details = text(error.path("error_data"), "details");
        if (message == null) message = "HTTP " + httpStatus + " from the WhatsApp Cloud API";
        return details == null || message.contains(details) ? message : message + ": " + details;
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
