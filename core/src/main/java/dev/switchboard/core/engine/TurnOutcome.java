package dev.switchboard.core.engine;

import java.time.Instant;

/** What one run of a conversation task did; the worker pool turns it into a queue action. */
public sealed interface TurnOutcome {
    /** Nothing more to do now. {@code what} says what happened, for logs and tests. */
    record Done(String what) implements TurnOutcome {}

    /** Come back at {@code at} (the debounce window or extraction quiet time has not passed). */
    record RetryAt(Instant at) implements TurnOutcome {}

    /** Another worker holds the conversation; try again shortly. */
    record Busy() implements TurnOutcome {}

    static TurnOutcome done(String what) {
        return new Done(what);
    }
}
