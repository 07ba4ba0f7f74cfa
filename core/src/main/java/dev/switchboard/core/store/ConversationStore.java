package dev.switchboard.core.store;

/**
 * Conversations and their messages (one aggregate: messages are numbered within their conversation),
 * as one implementation serves it. The engine depends on the role ports it uses: {@link InboxStore}
 * (the webhook path), {@link TurnStore} (a turn's context), {@link OutboxStore} (delivery),
 * {@link ConversationQueries} (operators) and {@link SweepStore} (background jobs). Its one method
 * of its own, {@link #turnStart}, combines reads of three roles so an adapter can make them one query.
 *
 * <p>Guarantees every implementation gives, pinned by the contract kit:
 * <ul>
 *   <li>an inbound message is stored once per (channel account, external id), however many
 *       concurrent callers accept it;</li>
 *   <li>one contact per (tenant, channel, channel user id) and one open conversation per
 *       (agent, contact), also under concurrent first messages;</li>
 *   <li>sequence numbers 1, 2, 3… per conversation, no gap or duplicate under concurrent appends;</li>
 *   <li>{@link #recordReply} is a compare-and-set on the answered watermark, so a turn is recorded once;</li>
 *   <li>the facts kept on the conversation ({@code greeted}, {@code windowClosedAt},
 *       {@code recipientBlocked}, {@code lastInboundAt}) change in the same atomic step as the
 *       message that changes them, so no hot path re-reads history to derive them.</li>
 * </ul>
 */
public interface ConversationStore extends InboxStore, TurnStore, OutboxStore, ConversationQueries, SweepStore {

    /**
     * The conversation, its unanswered inbound messages and its pending outbound ones, for a turn to
     * start from; empty when there is no such conversation. The default reads them one after another;
     * an adapter may read them in one round trip (PostgreSQL does).
     */
    default java.util.Optional<TurnStart> turnStart(String conversationId) {
        return find(conversationId).map(c -> new TurnStart(c, unanswered(conversationId), pendingOutbound(conversationId)));
    }
}
