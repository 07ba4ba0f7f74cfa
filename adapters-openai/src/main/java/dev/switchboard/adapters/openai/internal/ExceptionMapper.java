package dev.switchboard.adapters.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.model.ModelException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/**
 * The one place that decides what an OpenAI failure means and whether trying again can help.
 *
 * <p>Retryable: 408, 409, 429 rate limits, 5xx, I/O errors and timeouts. Not retryable: 400, 401,
 * 403, 404 and other 4xx, and every 429 that is about money (type or code {@code insufficient_quota},
 * {@code credit_balance_exhausted}…): waiting does not refill a balance. A server that says
 * {@code x-should-retry: false} is believed.
 */
public final class ExceptionMapper {
    private static final Set<String> QUOTA_CODES = Set.of(
            "insufficient_quota", "credit_balance_exhausted", "project_spend_limit_exceeded",
            "billing_hard_limit_reached", "billing_not_active", "spend_limit_exceeded");
    /** Response-level error codes (status "failed" inside a 200) worth another try. */
    private static final Set<String> TRANSIENT_RESPONSE_CODES = Set.of("server_error", "rate_limit_exceeded", "vector_store_timeout");
    private static final int MAX_DETAIL = 300;

    private ExceptionMapper() {}

    /** An HTTP error answer. {@code body} is the raw error body (usually OpenAI's {@code {"error":{…}}} envelope). */
    public static ModelException fromHttp(String path, int status, String body, String requestId, String shouldRetryHeader) {
        JsonNode error = errorObject(body);
        String type = text(error, "type");
        String code = text(error, "code");
        String message = text(error, "message");
        boolean retryable = isRetryable(status, type, code) && !"false".equalsIgnoreCase(shouldRetryHeader);
        String reported = code != null ? code : type != null ? type : "http_" + status;
        String detail = message != null ? message : body == null ? "" : body;
        return new ModelException("OpenAI " + path + " failed: HTTP " + status + " " + reported + ": " + shorten(detail)
                + requestIdSuffix(requestId), retryable, reported, requestId, null);
    }

    static boolean isRetryable(int status, String type, String code) {
        if (status == 429) return !isQuota(type) && !isQuota(code);
        return status == 408 || status == 409 || status >= 500;
    }

    private static boolean isQuota(String value) {
        return value != null && QUOTA_CODES.contains(value);
    }

    /** No HTTP answer: connection refused or reset, or the call timeout ran out. Always retryable. */
    public static ModelException fromIo(String path, IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        String code = timeout ? "timeout" : "io_error";
        return new ModelException("OpenAI " + path + " failed: " + code + ": " + e.getMessage(), true, code, null, e);
    }

    /** A 200 whose response has {@code status: "failed"}; {@code code} is OpenAI's response error code. */
    public static ModelException failedResponse(String code, String message, String requestId) {
        String reported = code == null ? "failed" : code;
        return new ModelException("OpenAI response failed: " + reported + ": " + shorten(message == null ? "" : message)
                + requestIdSuffix(requestId), TRANSIENT_RESPONSE_CODES.contains(reported), reported, requestId, null);
    }

    /** A 200 that carried nothing usable: no text and no tool call, a refusal, or a cancelled response. */
    public static ModelException noReply(String code, String detail, String requestId) {
        return new ModelException("OpenAI gave no reply: " + code + ": " + shorten(detail) + requestIdSuffix(requestId),
                false, code, requestId, null);
    }

    /** A 2xx body that is not the JSON shape the endpoint documents. */
    public static ModelException invalidResponse(String path, Exception cause, String requestId) {
        return new ModelException("OpenAI " + path + " returned a body that is not a valid response: " + cause.getMessage()
                + requestIdSuffix(requestId), true, "invalid_response", requestId, cause);
    }

    /** Structured output that does not parse as the requested JSON schema. Another call may well succeed. */
    public static ModelException invalidOutput(String detail, String requestId) {
        return new ModelException("model output is not the requested JSON: " + shorten(detail) + requestIdSuffix(requestId),
                true, "invalid_output", requestId, null);
    }

    private static JsonNode errorObject(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            JsonNode root = OpenAiJson.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String requestIdSuffix(String requestId) {
        return requestId == null ? "" : " (request id " + requestId + ")";
    }

    static String shorten(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
