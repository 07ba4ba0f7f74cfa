package dev.switchboard.adapters.instagram.internal;

import dev.switchboard.adapters.meta.GraphError;
import dev.switchboard.adapters.meta.GraphErrors;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The Instagram API's error codes, read by the shared {@link GraphErrors}. Meta asks clients to
 * decide on the Graph error's {@code code}, not on the HTTP status, so the status is only
 * consulted for codes this table does not know.
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
     * who cannot be messaged (551), and permissions 200–299.
     */
    private static final Set<Integer> PERMANENT = Set.of(0, 3, 10, 100, 190, 368, 551);

    private static final GraphErrors ERRORS = new GraphErrors(RATE_LIMITS, TRANSIENT,
            code -> PERMANENT.contains(code) || (code >= 200 && code <= 299), GraphErrorMapper::describe);

    private GraphErrorMapper() {}

    /** The channel's table for {@link dev.switchboard.adapters.meta.GraphClient#postMessage}. */
    static GraphErrors errors() {
        return ERRORS;
    }

    /** Meta's message, plus the subcode that tells cases of one code apart (operators search on it). */
    private static String describe(GraphError error, int httpStatus) {
        String message = error.message();
        if (message == null) message = "HTTP " + httpStatus + " from the Instagram API";
        String userMessage = error.userMessage();
        if (userMessage != null && !message.contains(userMessage)) message = message + ": " + userMessage;
        String subcode = error.subcode();
        return subcode == null ? message : message + " (subcode " + subcode + ")";
    }
}
