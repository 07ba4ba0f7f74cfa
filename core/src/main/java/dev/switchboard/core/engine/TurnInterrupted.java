package dev.switchboard.core.engine;

/**
 * A turn stopped because its process is shutting down (its thread was interrupted, or the engine
 * closed while the model answered), or because it lost its conversation's lock before a send
 * ({@link TurnLock}). Not a failure of the model: the turn sends nothing, not even the fallback
 * reply, and its task goes back to the queue to be redone (a reply it recorded is sent then).
 */
final class TurnInterrupted extends RuntimeException {
    TurnInterrupted(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
