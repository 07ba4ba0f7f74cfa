package dev.switchboard.core.work;

/**
 * A unit of background work on one key. Tasks with the same (kind, key) are interchangeable: the
 * work they stand for reads its input from the stores, so running one twice is safe and
 * coalescing duplicates is allowed.
 *
 * @param kind {@link #TURN} or {@link #EXTRACT}, or an embedder's own kind
 * @param key  the conversation id
 */
public record Task(String kind, String key) {
    public static final String TURN = "turn";
    public static final String EXTRACT = "extract";

    public static Task turn(String conversationId) {
        return new Task(TURN, conversationId);
    }

    public static Task extract(String conversationId) {
        return new Task(EXTRACT, conversationId);
    }
}
