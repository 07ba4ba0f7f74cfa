package dev.switchboard.adapters.meta;

import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.support.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Turns a failed Graph API call into the {@link SendResult} that says whether retrying can help.
 * Meta asks clients to decide on {@code error.code}, not on the HTTP status, so a channel's own code
 * table is consulted first and the status only for codes the table does not know:
 * 429 is rate-limited, 5xx and 408 are retryable, anything else is permanent.
 */
public final class GraphErrors {

    /** How a channel words the failure for operators, from the envelope and the status. */
    @FunctionalInterface
    public interface Describer {
        String describe(GraphError error, int httpStatus);
    }

    private final Map<Integer, Duration> rateLimits;
    private final Set<Integer> transientCodes;
    private final IntPredicate permanent;
    private final Describer describer;

    /**
     * @param rateLimits     codes that mean "slow down", with the wait to use when Meta sends no Retry-After
     * @param transientCodes codes for temporary failures on Meta's side
     * @param permanent      codes that need a fix, not a retry, even when sent with a 5xx
     * @param describer      the message the result carries
     */
    public GraphErrors(Map<Integer, Duration> rateLimits, Set<Integer> transientCodes, IntPredicate permanent,
                       Describer describer) {
        this.rateLimits = Map.copyOf(rateLimits);
        this.transientCodes = Set.copyOf(transientCodes);
        this.permanent = Objects.requireNonNull(permanent, "permanent");
        this.describer = Objects.requireNonNull(describer, "describer");
    }

    /**
     * @param httpStatus the response status (not 2xx)
     * @param body       the response body, possibly empty or not JSON
     * @param retryAfter the {@code Retry-After} header, possibly null
     */
    public SendResult fromResponse(int httpStatus, String body, String retryAfter) {
        GraphError error = GraphError.parse(body);
        String message = describer.describe(error, httpStatus);
        Integer code = error.numericCode();
        if (code != null) {
            Duration wait = rateLimits.get(code);
            if (wait != null) {
                return new SendResult.RateLimited(RetryAfter.orElse(retryAfter, Instant.now(), wait), error.code(), message);
            }
            if (transientCodes.contains(code)) return new SendResult.Retryable(error.code(), message);
            if (permanent.test(code)) return new SendResult.Permanent(error.code(), message);
            if (error.transientFlag()) return new SendResult.Retryable(error.code(), message);
        }
        String reported = error.code() != null ? error.code() : "http_" + httpStatus;
        if (httpStatus == 429) return new SendResult.RateLimited(RetryAfter.orElse(retryAfter, Instant.now(), null), reported, message);
        if (httpStatus >= 500 || httpStatus == 408) return new SendResult.Retryable(reported, message);
        return new SendResult.Permanent(reported, message);
    }

    /** No answer at all (connection refused, reset, timeout): the request may never have reached Meta. */
    public static SendResult fromIoFailure(IOException e) {
        return new SendResult.Retryable("io", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
