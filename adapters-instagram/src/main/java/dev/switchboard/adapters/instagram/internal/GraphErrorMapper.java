package dev.switchboard.adapters.instagram.internal;

import static dev.switchboard.adapters.instagram.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.support.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Turns a failed Instagram send into the {@link SendResult} that says whether retrying can help.
 * Meta asks clients to decide on the Graph error's {@code code}, not on the HTTP status, so the
 * status is only consulted for codes this table does not know.
 */
public final class GraphErrorMapper {

    /** Rate limits, with how long to wait when Meta gives no Retry-After. All are rolling windows. */
    private static final Map<Integer, Duration> RATE_LIMITS = Map.of(
            4, Duration.ofMinutes(1),       // application request limit
            17, Duration.ofMinutes(1),      // user request limit
            32, Duration.ofMinutes(1),      // page / account request limit
            613, Duration.ofMinutes(1),     // calls to this API exceeded the rate limit
            80002, Duration.ofMinutes(1),   // Instagram business-use-case limit
            80006, Duration.ofMinutes(1));  // messaging business-use-case limit

    /** Temporary failures on Meta's side: unknown error, service unavailable, temporary send failure. */
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 1200);

    /**
     * Codes that need a fix, not a retry, even when sent with a 5xx: auth (0, 190), permissions and
     * the closed 24-hour window (3, 10 — Instagram answers a send outside the window with code 10,
     * subcode 2534022), bad parameters or unknown recipient (100), policy blocks (368), a recipient
     * who cannot be messaged (551).
     */
    private static final Set<Integer> PERMANENT = Set.of(0, 3, 10, 100, 190, 368, 551);

    private GraphErrorMapper() {}

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
            if (PERMANENT.contains(code) || (code >= 200 && code <= 299)) return new SendResult.Permanent(codeText, message);
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

    private static JsonNode parseError(String body) {
        if (body == null || body.isBlank()) return Json.MAPPER.missingNode();
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            return root == null ? Json.MAPPER.missingNode() : root.path("error");
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    /** Meta's message, plus the subcode that tells cases of one code apart (operators search on it). */
    private static String describe(JsonNode error, int httpStatus) {
        String message = text(error, "message");
        if (message == null) message = "HTTP " + httpStatus + " from the Instagram API";
        String userMessage = text(error, "error_user_msg");
        if (userMessage != null && !message.contains(userMessage)) message = message + ": " + userMessage;
        String subcode = text(error, "error_subcode");
        return subcode == null ? message : message + " (subcode " + subcode + ")";
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
