package dev.switchboard.core.store;

import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Usage;
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
     * What recording a reply costs the tenant: {@code cost} credits, or {@code minimum} when the balance
     * cannot cover {@code cost}; the ledger row names {@code reference} and carries {@code usage}.
     */
    record ReplyCharge(String tenantId, long cost, long minimum, String reference, Usage usage) {
        public ReplyCharge {
            if (tenantId == null || reference == null) throw new IllegalArgumentException("tenant and reference are required");
            if (cost < 0 || minimum < 0) throw new IllegalArgumentException("a charge is not negative");
        }

        /**
         * Deducts this charge through {@code credits}, each attempt one atomic step of its own: the cost,
         * else the minimum.
         *
         * @return the credits deducted, or -1 when the balance covered neither
         */
        public long deductFrom(CreditStore credits) {
            if (credits.tryDeduct(tenantId, cost, reference, usage)) return cost;
            if (minimum < cost && credits.tryDeduct(tenantId, minimum, reference, usage)) return minimum;
            return -1;
        }
    }

    /** How {@link #recordPaidReply} ended. */
    sealed interface PaidReply {
        /** Recorded, and {@code charged} credits deducted for it. */
        record Recorded(Message message, long charged) implements PaidReply {}

        /** The watermark had moved (another worker recorded this turn): nothing recorded, nothing charged. */
        record Moved() implements PaidReply {}

        /** The balance covers neither the cost nor the minimum: nothing recorded, nothing charged, watermark unchanged. */
        record Unpaid() implements PaidReply {}
    }

    /**
     * {@link #recordReply(String, long, long, NewOutbound, String)} and the reply's charge as one outcome:
     * the credits are deducted only if the reply is recorded, and the reply is recorded only if they were.
     * A store that keeps {@code credits} in the same database does both in one transaction (PostgreSQL:
     * one statement), so a crash between them can neither charge a turn that was not recorded (and is
     * then redone and charged again) nor record one unpaid. This default deducts first through
     * {@code credits}, then records, and refunds (a {@code refund} ledger row) when the watermark had moved.
     *
     * @param charge  null: the reply is free (a fallback reply)
     * @param credits where the charge is deducted
     */
    default PaidReply recordPaidReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply,
                                      String modelConversationId, ReplyCharge charge, CreditStore credits) {
        long charged = charge == null ? 0 : charge.deductFrom(credits);
        if (charged < 0) return new PaidReply.Unpaid();
        Optional<Message> recorded = recordReply(conversationId, expectedWatermark, newWatermark, reply, modelConversationId);
        if (recorded.isEmpty()) {
            if (charged > 0) credits.add(charge.tenantId(), charged, "refund", charge.reference());
            return new PaidReply.Moved();
        }
        return new PaidReply.Recorded(recorded.get(), charged);
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
