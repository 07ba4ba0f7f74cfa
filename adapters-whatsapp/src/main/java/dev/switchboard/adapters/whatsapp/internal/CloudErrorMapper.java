package dev.switchboard.adapters.whatsapp.internal;

import dev.switchboard.adapters.meta.GraphError;
import dev.switchboard.adapters.meta.GraphErrors;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The WhatsApp Cloud API's error codes, read by the shared {@link GraphErrors}. Meta asks clients
 * to decide on {@code error.code} (plus {@code error_data.details}), not on the HTTP status, so the
 * status is only consulted for codes this table does not know.
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

    private static final GraphErrors ERRORS =
            new GraphErrors(RATE_LIMITS, TRANSIENT, CloudErrorMapper::isKnownPermanent, CloudErrorMapper::describe);

    private CloudErrorMapper() {}

    /** The channel's table for {@link dev.switchboard.adapters.meta.GraphClient#postMessage}. */
    static GraphErrors errors() {
        return ERRORS;
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

    /** Meta's message plus {@code error_data.details}, which tells cases of one code apart. */
    private static String describe(GraphError error, int httpStatus) {
        String message = error.message();
        String details = error.details();
        if (message == null) message = "HTTP " + httpStatus + " from the WhatsApp Cloud API";
        return details == null || message.contains(details) ? message : message + ": " + details;
    }
}
