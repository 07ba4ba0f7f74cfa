package dev.switchboard.core.store;

import dev.switchboard.core.domain.Message;
import java.util.List;
import java.util.Optional;

/**
 * What a conversation turn reads and writes: the unanswered burst, the history the model sees, and
 * the answered watermark. The worker holds the conversation's lock while it calls these, but each
 * call is atomic on its own; {@link #recordReply} is a compare-and-set, so a turn is recorded once
 * even if two workers ran it.
 */
public interface TurnStore {

    /** Inbound messages after the answered watermark, oldest first. */
    List<Message> unanswered(String conversationId);

    /** The newest {@code limit} messages, returned oldest first. */
    List<Message> history(String conversationId, int limit);

    /**
     * Atomically: if the conversation's answered watermark is still {@code expectedWatermark}, moves
     * it to {@code newWatermark} and appends {@code reply} as its next message.
     *
     * @return the appended reply, or empty when the watermark had moved (another worker recorded
     *         this turn) — then nothing changed
     */
    Optional<Message> recordReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply);

    /**
     * {@link #recordReply(String, long, long, NewOutbound)}, and when it records, also sets the
     * conversation's model conversation id ({@code null}: left as it is). A store that can does both
     * in one write (PostgreSQL: one statement, one commit); this default makes the two calls. When the
     * reply is not recorded (the watermark had moved) the id is not set either: the turn that was
     * recorded set its own.
     */
    default Optional<Message> recordReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply,
                                          String modelConversationId) {
        Optional<Message> recorded = recordReply(conversationId, expectedWatermark, newWatermark, reply);
        if (recorded.isPresent() && modelConversationId != null) setModelConversationId(conversationId, modelConversationId);
        return recorded;
    }

    /**
     * Moves the answered watermark without a reply (the bot is paused, credits ran out).
     *
     * @return false when the watermark was no longer {@code expectedWatermark}
     */
    boolean advanceWatermark(String conversationId, long expectedWatermark, long newWatermark);

    void setModelConversationId(String conversationId, String modelConversationId);

    /** Records where a message's downloaded media is kept ({@link dev.switchboard.core.domain.MediaRef#storedPath()}). */
    void setMediaStoredPath(String messageId, String storedPath);
}
