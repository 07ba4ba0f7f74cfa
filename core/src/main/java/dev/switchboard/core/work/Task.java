package dev.switchboard.core.work;

/**
 * A unit of background work on one key. Tasks with the same (kind, key) are interchangeable: the
 * work they stand for reads its input from the stores, so running one twice is safe and
 * coalescing duplicates is allowed.
 *
 * @param kind {@link #TURN} or {@link #EXTRACT}, {@link #RECEIVE}, or an embedder's own kind
 * @param key  the conversation id ({@link #RECEIVE}: the inbound journal batch's key)
 */
public record Task(String kind, String key) {
    public static final String TURN = "turn";
    public static final String EXTRACT = "extract";
    /** Processing a batch of deliveries the webhook path only journaled (deferred ingest). */
    public static final String RECEIVE = "receive";

    public static Task turn(String conversationId) {
        return new Task(TURN, conversationId);
    }

    public static Task extract(String conversationId) {
        return new Task(EXTRACT, conversationId);
    }

    public static Task receive(String journalBatch) {
        return new Task(RECEIVE, journalBatch);
    }
}
