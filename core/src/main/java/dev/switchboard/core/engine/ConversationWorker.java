package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.ReadReceipts;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.ModelAction;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.store.ConversationQueries;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.OutboxStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.TurnStore;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.support.EngineMetrics.ModelCall;
import dev.switchboard.core.support.EngineMetrics.Turn;
import dev.switchboard.core.work.Locks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works on one conversation: answers the customer's latest burst with exactly one reply.
 *
 * <p>Order of a turn: lock the conversation → send replies a crashed turn left pending → load the
 * unanswered inbound messages → wait out the debounce window → stay silent if a human has the
 * conversation → check the tenant has credits → call the model once for the whole burst (fallback
 * reply on failure or timeout, not charged) → deduct what the turn cost under the tenant's credit
 * policy, with the token usage on the ledger row → record the reply and move the answered
 * watermark in one compare-and-set → send → schedule lead extraction.
 *
 * <p>At most one duplicate send per crash: a reply is stored before it is sent, so a crash between
 * the provider accepting it and us recording that makes the next run send it again. A live turn
 * keeps its conversation's lock for as long as it runs and confirms it right before each send
 * ({@link TurnLock}), so a second turn of the same conversation never sends what the first recorded.
 */
public final class ConversationWorker {
    private static final Logger LOG = Logger.getLogger(ConversationWorker.class.getName());
    private static final int HISTORY_LIMIT = 50;

    private final Stores stores;
    private final TurnStore turns;
    private final OutboxStore outbox;
    private final ConversationQueries conversations;
    private final ChannelRegistry channels;
    private final AgentModel model;
    private final Locks locks;
    private final Clock clock;
    private final EngineSettings settings;
    private final Delivery delivery;
    private final Extraction extraction;
    private final MediaDownloads media;
    private final Directory directory;
    private final EngineMetrics metrics;
    private final ExecutorService modelCalls = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;
    private final TenantPolicies policies;

    ConversationWorker(Stores stores, ChannelRegistry channels, AgentModel model, Locks locks, Clock clock,
                       EngineSettings settings, Extraction extraction, dev.switchboard.core.work.RateLimiter limiter,
                       MediaDownloads media, Directory directory, EngineMetrics metrics) {
        this.stores = stores;
        this.turns = stores.conversations();
        this.outbox = stores.conversations();
        this.conversations = stores.conversations();
        this.channels = channels;
        this.model = model;
        this.locks = locks;
        this.clock = clock;
        this.settings = settings;
        this.delivery = new Delivery(stores.conversations(), stores.conversations(), settings, clock, limiter, metrics);
        this.extraction = extraction;
        this.media = media;
        this.directory = directory;
        this.metrics = metrics;
        this.policies = new TenantPolicies(stores.tenants());
    }

    /** Runs one turn for the conversation. Safe to call for a conversation with nothing to answer. */
    public TurnOutcome runTurn(String conversationId) {
        Optional<Locks.Lock> lock = locks.tryAcquire("conv:" + conversationId, settings.lockTtl());
        if (lock.isEmpty()) {
            metrics.turn(Turn.BUSY);
            return new TurnOutcome.Busy();
        }
        try (TurnLock held = new TurnLock(lock.get(), settings.lockTtl())) {
            return turn(conversationId, held);
        }
    }

    private TurnOutcome turn(String conversationId, TurnLock held) {
        // the conversation, its burst and its pending sends in one read (one round trip on PostgreSQL)
        var start = stores.conversations().turnStart(conversationId).orElse(null);
        if (start == null) return done(Turn.NO_REPLY, "no such conversation");
        Conversation conv = start.conversation();
        // account and agent from the ingest path's cache (dropped on every admin write, on every node);
        // the store is read only when the conversation's agent is no longer the account's
        Directory.Entry cached = directory.lookup(conv.channelAccountId());
        ChannelAccount account = cached.account().orElse(null);
        Agent agent = cached.agent().filter(a -> a.id().equals(conv.agentId()))
                .or(() -> stores.agents().find(conv.agentId())).orElse(null);
        ContactSession contact = start.contact() != null ? start.contact() : stores.contacts().find(conv.contactId()).orElse(null);
        List<Message> burst = start.unanswered();
        if (account == null || contact == null || agent == null) {
            if (!burst.isEmpty()) advance(conv, burst);
            return done(Turn.NO_REPLY, "account, contact or agent gone");
        }
        Channel channel = channels.forAccount(account);

        // the conversation as read above stays fresh until this turn sends something (a send may close the window)
        boolean sentBefore = false;
        for (Message pending : start.pendingOutbound()) {
            delivery.deliver(channel, account, contact.channelUserId(), pending, null, () -> held.confirm("sending " + pending.id()));
            sentBefore = true;
        }
        if (burst.isEmpty()) return done(Turn.NO_REPLY, "nothing to answer");

        Message newest = burst.getLast();
        Instant quietAt = newest.createdAt().plusMillis(agent.debounceMs());
        if (agent.debounceMs() > 0 && clock.instant().isBefore(quietAt)) {
            metrics.turn(Turn.POSTPONED);
            return new TurnOutcome.RetryAt(quietAt);
        }

        media.download(channel, account, burst);
        if (channel instanceof ReadReceipts receipts && Boolean.parseBoolean(agent.setting("mark_read"))) {
            receipts.markRead(account, newest.externalId());
        }

        if (!conv.status().botAnswers()) {
            advance(conv, burst);
            return done(Turn.PAUSED, "conversation " + conv.status().wire() + ": bot silent");
        }
        String turnRef = "turn:" + conversationId + ":" + newest.seq();
        long balance = start.creditBalance() != null ? start.creditBalance() : stores.credits().balance(conv.tenantId());
        if (balance < settings.turnCost()) {
            advance(conv, burst);
            LOG.info(() -> "no credits for tenant " + conv.tenantId() + "; conversation " + conversationId + " not answered");
            return done(Turn.NO_CREDITS, "no credits");
        }

        sentBefore |= sendGreetingIfFirst(agent, conv, channel, account, contact, held);
        showTyping(channel, account, contact);

        ModelReply reply;
        boolean fellBack = false;
        long calledAt = System.nanoTime();
        try {
            reply = callModel(agent, conv, contact, burst);
        } catch (TurnInterrupted e) {
            throw e; // shutting down: nothing is sent, the task is handed back and redone elsewhere
        } catch (RuntimeException e) {
            String why = "model failed for conversation " + conversationId + "; sending the fallback reply";
            // a model error is expected and says all in its message; anything else is a bug worth its trace
            if (e instanceof dev.switchboard.core.model.ModelException) LOG.warning(() -> why + ": " + e.getMessage());
            else LOG.log(Level.WARNING, why, e);
            reply = ModelReply.text(agent.fallbackReplyOrDefault());
            fellBack = true;
        }
        metrics.modelCall(fellBack ? ModelCall.FALLBACK : ModelCall.ANSWERED, Duration.ofNanos(System.nanoTime() - calledAt));
        // a new model-side conversation id (the Responses API gives one a turn) is stored with the reply
        String modelConversationId = reply.modelConversationId() != null
                && !reply.modelConversationId().equals(conv.modelConversationId()) ? reply.modelConversationId() : null;
        // what the answer costs under the tenant's credit policy (a fallback is free)
        TurnStore.ReplyCharge charge = fellBack ? null : new TurnStore.ReplyCharge(conv.tenantId(),
                policies.of(conv.tenantId()).cost(settings.turnCost(), reply.usage()), settings.turnCost(), turnRef, reply.usage());
        // an unpaid answer changes nothing: its tool calls (escalate, resolve) apply only once it is paid
        if (reply.text() == null || reply.text().isBlank()) {
            if (charge != null && charge.deductFrom(stores.credits()) < 0) {
                advance(conv, burst);
                return done(Turn.NO_CREDITS, "credits ran out while the model answered: answer dropped");
            }
            if (modelConversationId != null) turns.setModelConversationId(conversationId, modelConversationId);
            applyActions(conversationId, reply.actions());
            advance(conv, burst);
            return done(Turn.NO_REPLY, "model answered without text");
        }
        // charged only if recorded, recorded only if paid (one transaction where the store can)
        var paid = turns.recordPaidReply(conversationId, conv.answeredThroughSeq(), newest.seq(),
                NewOutbound.agentText(reply.text(), reply.usage(), null), modelConversationId, charge, stores.credits());
        Message recorded;
        switch (paid) {
            case TurnStore.PaidReply.Unpaid u -> {
                advance(conv, burst);
                return done(Turn.NO_CREDITS, "credits ran out while the model answered: reply withheld");
            }
            case TurnStore.PaidReply.Moved m -> {
                applyActions(conversationId, reply.actions()); // as before: the model's decision stands
                return done(Turn.NO_REPLY, "turn already recorded by another worker");
            }
            case TurnStore.PaidReply.Recorded r -> {
                recorded = r.message();
                if (charge != null && r.charged() < charge.cost()) {
                    LOG.warning(() -> "tenant " + conv.tenantId() + " could not cover " + charge.cost() + " credits for "
                            + turnRef + "; charged the minimum");
                }
            }
        }
        applyActions(conversationId, reply.actions());
        // recorded under the watermark's compare-and-set whoever holds the lock; sent only by the holder
        var outcome = delivery.deliver(channel, account, contact.channelUserId(), recorded,
                sentBefore || conv.lastSeq() < newest.seq() ? null : conv, () -> held.confirm("sending the reply " + recorded.id()));
        extraction.scheduleAfterActivity(agent, conversationId);
        return done(Turn.REPLIED, (fellBack ? "fallback " : "replied ") + outcome.status().wire());
    }

    private TurnOutcome done(Turn reported, String what) {
        metrics.turn(reported);
        return TurnOutcome.done(what);
    }

    private ModelReply callModel(Agent agent, Conversation conv, ContactSession contact, List<Message> burst) {
        // a burst that opens the conversation has nothing before it: no read (a greeting comes after it)
        List<Message> history = model.needsHistory() && burst.getFirst().seq() > 1
                ? turns.history(conv.id(), HISTORY_LIMIT).stream()
                        .filter(m -> m.seq() < burst.getFirst().seq()).toList()
                : List.of();
        Map<String, String> variables = new HashMap<>();
        if (contact.displayName() != null) variables.put("contact_name", contact.displayName());
        variables.put("channel", conv.channel());
        // wall time, not the engine's clock: the model's HTTP timeouts run on it
        TurnRequest request = new TurnRequest(agent, conv, contact, burst, history, variables,
                java.time.Instant.now().plus(settings.modelTimeout()));
        Future<ModelReply> call;
        try {
            call = modelCalls.submit(() -> model.reply(request));
        } catch (RejectedExecutionException e) {
            throw new TurnInterrupted("the engine is closed", e);
        }
        try {
            return call.get(settings.modelTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("model timed out after " + settings.modelTimeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (closed) throw new TurnInterrupted("the engine closed while the model answered", e.getCause());
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new TurnInterrupted("the engine closed while the model answered", e);
        } catch (InterruptedException e) {
            // the interrupt is answered by unwinding this turn: its lock and lease are released on the
            // way out, which needs I/O a pending interrupt would break
            call.cancel(true);
            throw new TurnInterrupted("interrupted while waiting for the model", e);
        }
    }

    /** Greets once: before the first answer, unless a message has already gone out to the customer. True if it sent one. */
    private boolean sendGreetingIfFirst(Agent agent, Conversation conv, Channel channel, ChannelAccount account, ContactSession contact,
                                        TurnLock held) {
        if (agent.greeting() == null || agent.greeting().isBlank() || conv.answeredThroughSeq() > 0 || conv.greeted()) return false;
        Message greeting = outbox.appendOutbound(conv.id(),
                new NewOutbound(Sender.AGENT, "text", agent.greeting(), null, null, null, DeliveryStatus.PENDING, null, null));
        delivery.deliver(channel, account, contact.channelUserId(), greeting, null, () -> held.confirm("sending the greeting"));
        return true;
    }

    /** The typing indicator is a courtesy: whatever the channel throws, the turn goes on. */
    private void showTyping(Channel channel, ChannelAccount account, ContactSession contact) {
        if (!(channel instanceof dev.switchboard.core.channel.TypingIndicator indicator)) return;
        try {
            indicator.typing(account, contact.channelUserId());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "typing indicator failed on " + channel.channel() + "; the turn goes on", e);
        }
    }

    private void applyActions(String conversationId, List<ModelAction> actions) {
        for (ModelAction action : actions) {
            switch (action) {
                case ModelAction.Escalate e -> conversations.setStatus(conversationId, ConversationStatus.ESCALATED, e.reason());
                case ModelAction.Resolve r -> conversations.setStatus(conversationId, ConversationStatus.RESOLVED, r.reason());
            }
        }
    }

    private void advance(Conversation conv, List<Message> burst) {
        turns.advanceWatermark(conv.id(), conv.answeredThroughSeq(), burst.getLast().seq());
    }

    void close() {
        closed = true;
        modelCalls.shutdownNow();
    }
}
