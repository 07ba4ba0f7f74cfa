package dev.switchboard.core.store;

/**
 * Conversations and their messages (one aggregate: messages are numbered within their conversation),
 * as one implementation serves it. The engine depends on the role ports it uses: {@link InboxStore}
 * (the webhook path), {@link TurnStore} (a turn's context), {@link OutboxStore} (delivery),
 * {@link ConversationQueries} (operators) and {@link SweepStore} (background jobs). This interface
 * declares nothing of its own.
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
public interface ConversationStore extends InboxStore, TurnStore, OutboxStore, ConversationQueries, SweepStore {}
