package dev.switchboard.core.engine;

/**
 * A turn stopped because its process is shutting down (its thread was interrupted, or the engine
 * closed while the model answered). Not a failure of the model: the turn sends nothing, not even
 * the fallback reply, and its task goes back to the queue for another worker to redo.
 */
final class TurnInterrupted extends RuntimeException {
    TurnInterrupted(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
