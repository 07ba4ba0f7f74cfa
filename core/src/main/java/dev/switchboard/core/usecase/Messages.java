package dev.switchboard.core.usecase;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.engine.ChannelRegistry;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Single messages: a manual retry of a failed send (seed 001) and a message to a contact (seed
 * 002's {@code POST /send}). Both leave the sending to the conversation's worker, so messages go out
 * in order. Built by the engine.
 */
public final class Messages {
    private final Stores stores;
    private final WorkQueue queue;
    private final Tenants tenants;
    private final ChannelRegistry channels;
    private final Conversations conversations;
    private final Clock clock;

    public Messages(Stores stores, WorkQueue queue, Tenants tenants, ChannelRegistry channels, Conversations conversations, Clock clock) {
        this.stores = stores;
        this.queue = queue;
        this.tenants = tenants;
        this.channels = channels;
        this.conversations = conversations;
        this.clock = clock;
    }

    /** @throws NotFoundException when the tenant has no such message */
    public Message get(String tenantId, String messageId) {
        return stores.conversations().findMessage(messageId).filter(m -> m.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("message", messageId));
    }

    /**
     * Sends a failed outbound message again, as a new attempt on the same record: it goes back to
     * pending (its attempts and last error kept) and the conversation's worker sends it with a new
     * round of attempts; the attempts and last error then record that round.
     *
     * @return the message, pending
     * @throws ConflictException when the message is not an outbound one that failed
     */
    public Message retry(String tenantId, String messageId) {
        Message m = get(tenantId, messageId);
        if (m.direction() != Direction.OUTBOUND || m.status() != DeliveryStatus.FAILED) {
            throw new ConflictException("message " + messageId + " is " + m.status().wire() + ": only a failed outbound message can be retried");
        }
        stores.conversations().recordSend(messageId,
                new SendOutcome(DeliveryStatus.PENDING, null, m.attempts(), m.errorCode(), m.lastError()));
        queue.submit(Task.turn(m.conversationId()));
        return get(tenantId, messageId);
    }

    /**
     * Stores a message to the contact as an operator message on the contact's open conversation on
     * the account (so it is sent in order by the worker and pauses the bot like any operator
     * message). A conversation is not opened here: one is open while the customer's service window
     * can be, so a contact with none is refused.
     *
     * @throws NotFoundException     when the tenant has no such contact or account
     * @throws InvalidInputException when the account is not given and the contact's channel has several
     * @throws ConflictException     when the contact has no open conversation on the account, or the
     *                               channel's customer service window is closed
     */
    public Message send(String tenantId, SendToContact command) {
        tenants.get(tenantId);
        SendOperatorMessage message = command.toOperatorMessage();
        ContactSession contact = stores.contacts().find(command.contactId()).filter(c -> c.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("contact", command.contactId()));
        ChannelAccount account = account(tenantId, contact, command.channelAccountId());
        String agentId = stores.agents().findByChannelAccount(account.id())
                .orElseThrow(() -> new ConflictException("phone number " + account.id() + " has no agent, so no conversation")).id();
        Conversation conv = stores.conversations().findOpen(agentId, contact.id())
                .orElseThrow(() -> new ConflictException("contact " + contact.id() + " has no open conversation on phone number "
                        + account.id() + ": the customer must write first"));
        Channel channel = channels.forAccount(account);
        Optional<Duration> window = channel.serviceWindow();
        if (window.isPresent()) {
            boolean expired = conv.lastInboundAt() == null || clock.instant().isAfter(conv.lastInboundAt().plus(window.get()));
            if (expired || conv.providerClosedWindow()) {
                throw new ConflictException("the customer service window is closed (the customer last wrote more than "
                        + window.get().toHours() + " hours ago): only a template may be sent");
            }
        }
        return conversations.send(tenantId, conv.id(), message);
    }

    private ChannelAccount account(String tenantId, ContactSession contact, String accountId) {
        if (accountId != null) {
            ChannelAccount a = stores.accounts().find(accountId).filter(x -> x.tenantId().equals(tenantId))
                    .orElseThrow(() -> new NotFoundException("phone number", accountId));
            if (!a.channel().equals(contact.channel())) {
                throw new InvalidInputException("phone_number_id", "the contact is on " + contact.channel() + ", the phone number on " + a.channel());
            }
            return a;
        }
        List<ChannelAccount> candidates = stores.accounts().list(tenantId).stream()
                .filter(a -> a.channel().equals(contact.channel())).toList();
        if (candidates.size() != 1) {
            throw new InvalidInputException("phone_number_id", candidates.isEmpty()
                    ? "the tenant has no phone number on " + contact.channel()
                    : "the contact's channel has " + candidates.size() + " phone numbers: give phone_number_id");
        }
        return candidates.getFirst();
    }
}
