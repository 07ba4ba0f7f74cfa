package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ConversationQueries;
import dev.switchboard.core.store.InboxStore;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.OutboxStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.DedupKey;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.LogBudget;
import dev.switchboard.core.support.LogSafe;
import dev.switchboard.core.support.Phones;
import dev.switchboard.core.support.Redact;
import dev.switchboard.core.support.StoredText;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The webhook path: verify → parse → for each event dedup, store, enqueue. Nothing slow happens
 * here: no model call, no send. A store failure propagates (the caller answers 5xx so the provider
 * retries, and the dedup key is forgotten so the retry is not mistaken for a duplicate); a failure
 * after the message is stored is logged and swallowed, because the message is safe.
 */
public final class Ingest {
    private static final Logger LOG = Logger.getLogger(Ingest.class.getName());

    private final Stores stores;
    private final InboxStore inbox;
    private final OutboxStore outbox;
    private final ConversationQueries conversations;
    private final ChannelRegistry channels;
    private final WorkQueue queue;
    private final Dedup dedup;
    private final Map<String, LogBudget> rejectedLogs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock;
    private final Ids ids;
    private final EngineSettings settings;
    private final Directory directory;
    private final WebhookLogWriter webhookLog;
    private final EngineMetrics metrics;

    Ingest(Stores stores, ChannelRegistry channels, WorkQueue queue, Dedup dedup, Clock clock, Ids ids, EngineSettings settings,
           Directory directory, WebhookLogWriter webhookLog, EngineMetrics metrics) {
        this.stores = stores;
        this.inbox = stores.conversations();
        this.outbox = stores.conversations();
        this.conversations = stores.conversations();
        this.channels = channels;
        this.queue = queue;
        this.dedup = dedup;
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
        this.directory = directory;
        this.webhookLog = webhookLog;
        this.metrics = metrics;
    }

    /** Answers the provider's subscription handshake; empty means refuse (403). */
    public Optional<String> handshake(String channel, String provider, WebhookRequest request) {
        return channels.get(channel, provider).handshake(request);
    }

    /**
     * Processes one webhook delivery.
     *
     * @throws dev.switchboard.core.channel.MalformedWebhookException for a verified body that cannot be read
     */
    public IngestResult receive(String channel, String provider, WebhookRequest request) {
        Channel ch = channels.get(channel, provider);
        IngestResult refused = verify(ch, request);
        return refused != null ? refused : store(ch, parse(ch, request));
    }

    /** The delivery's refusal when it is not authentic, or null. */
    IngestResult verify(Channel ch, WebhookRequest request) {
        String channel = ch.channel(), provider = ch.provider();
        Verification verification = ch.verify(request, directory::account);
        if (verification instanceof Verification.Rejected r) {
            // no webhook-log row: an unauthenticated sender must not grow a table; counted, logged at most 60 a minute
            if (rejectedLogs.computeIfAbsent(channel + "/" + provider, k -> new LogBudget(60, clock)).take()) LOG.warning(() -> "webhook refused channel=" + channel + "/" + provider + " reason=" + LogSafe.of(r.reason()));
            metrics.webhook(channel, EngineMetrics.Webhook.REJECTED);
            return IngestResult.rejectedBecause(r.reason());
        }
        return null;
    }

    /** A verified delivery's events; a body that cannot be read is logged in the webhook log and rethrown. */
    List<InboundEvent> parse(Channel ch, WebhookRequest request) {
        try {
            return ch.parse(request);
        } catch (RuntimeException e) {
            webhookLog.submit(new WebhookLogEntry(ids.next("wh"), null, ch.channel(), ch.provider(), "malformed", false,
                    StoredText.clean(e.getMessage()), truncate(request.bodyText()), clock.instant()));
            metrics.webhook(ch.channel(), EngineMetrics.Webhook.MALFORMED);
            throw e;
        }
    }

    /** Stores one delivery's parsed events and queues their turns. */
    IngestResult store(Channel ch, List<InboundEvent> events) {
        String channel = ch.channel();
        int stored = 0, duplicates = 0, updates = 0, ignored = 0;
        // one delivery is one burst: each conversation's turn is enqueued once, after all of its messages
        // in this delivery are stored (also when a later event fails: what is stored gets its turn)
        Map<String, Long> turnsDue = new LinkedHashMap<>();
        try {
            for (InboundEvent event : events) {
                Outcome outcome;
                try {
                    outcome = switch (event) {
                        case InboundEvent.MessageReceived m -> message(ch, m, turnsDue);
                        case InboundEvent.StatusUpdate s -> status(ch, s);
                        case InboundEvent.EchoSent e -> echo(ch, e);
                        case InboundEvent.Edited e -> edit(ch, e);
                        case InboundEvent.AccountUpdate a -> accountUpdate(ch, a);
                        case InboundEvent.Ignored i -> log(ch, null, i, Outcome.IGNORED, i.reason());
                    };
                } catch (RuntimeException e) {
                    metrics.webhook(channel, EngineMetrics.Webhook.FAILED);
                    throw e;
                }
                metrics.webhookEvent(channel, outcome.reported);
                switch (outcome) {
                    case STORED -> stored++;
                    case DUPLICATE -> duplicates++;
                    case UPDATED -> updates++;
                    case IGNORED -> ignored++;
                }
            }
        } finally {
            enqueueTurns(turnsDue);
        }
        metrics.webhook(channel, EngineMetrics.Webhook.ACCEPTED);
        return new IngestResult(null, stored, duplicates, updates, ignored);
    }

    private enum Outcome {
        STORED(EngineMetrics.Event.STORED),
        DUPLICATE(EngineMetrics.Event.DUPLICATE),
        UPDATED(EngineMetrics.Event.UPDATED),
        IGNORED(EngineMetrics.Event.IGNORED);

        final EngineMetrics.Event reported;

        Outcome(EngineMetrics.Event reported) {
            this.reported = reported;
        }
    }

    /** Schedules each conversation's turn once: at the end of its debounce window, or at once without one. */
    private void enqueueTurns(Map<String, Long> turnsDue) {
        Instant now = clock.instant();
        turnsDue.forEach((conversationId, debounce) -> {
            try {
                if (debounce > 0) queue.schedule(Task.turn(conversationId), now.plusMillis(debounce));
                else queue.submit(Task.turn(conversationId));
            } catch (RuntimeException e) {
                // The message is stored; the work is found again from the store (the worker's sweep).
                LOG.log(Level.WARNING, "enqueue failed for conversation " + conversationId + "; the message is stored", e);
            }
        });
    }

    private Outcome message(Channel ch, InboundEvent.MessageReceived m, Map<String, Long> turnsDue) {
        Optional<ChannelAccount> account = directory.account(m.accountId());
        if (account.isEmpty()) return log(ch, null, m, Outcome.IGNORED, "unknown account " + m.accountId());
        ChannelAccount acc = account.get();
        Optional<Agent> agent = directory.agent(acc.id());
        if (agent.isEmpty()) return log(ch, acc.tenantId(), m, Outcome.IGNORED, "no agent linked to " + acc.id());
        if (m.externalId() == null || m.externalId().isBlank() || m.channelUserId() == null || m.channelUserId().isBlank()) {
            return log(ch, acc.tenantId(), m, Outcome.IGNORED, "message without id or sender");
        }
        String dedupKey = DedupKey.of("in", acc.id(), m.externalId());
        if (!firstSeen(dedupKey)) return Outcome.DUPLICATE;
        Accepted accepted;
        Instant now = clock.instant();
        try {
            accepted = inbox.acceptInbound(new NewInbound(acc.tenantId(), agent.get().id(), acc.id(),
                    acc.channel(), m.channelUserId(), m.displayName(), Phones.e164OrNull(m.phone()), m.externalId(),
                    m.type(), m.text(), m.media(), m.replyToExternalId(), m.raw(), now, settings.contactTtl(),
                    m.contactAttributes()));
        } catch (RuntimeException e) {
            forget(dedupKey);
            throw e;
        }
        if (accepted.duplicate()) return Outcome.DUPLICATE;
        String conversationId = accepted.conversation().id();
        turnsDue.put(conversationId, agent.get().debounceMs());
        log(ch, acc.tenantId(), m, Outcome.STORED, null);
        LOG.fine(() -> "stored inbound " + m.externalId() + " from " + Redact.id(m.channelUserId()) + " in " + conversationId);
        return Outcome.STORED;
    }

    private Outcome status(Channel ch, InboundEvent.StatusUpdate s) {
        String key = DedupKey.of("st", s.accountId(), s.externalId(), s.status().wire());
        if (!firstSeen(key)) return Outcome.DUPLICATE;
        try {
            boolean closesWindow = s.errorCode() != null && ch.closesServiceWindow(s.errorCode());
            boolean moved = inbox.applyStatus(s.accountId(), s.externalId(), s.status(), s.errorCode(),
                    s.errorMessage(), s.timestamp(), closesWindow).isPresent();
            return moved ? Outcome.UPDATED : Outcome.IGNORED;
        } catch (RuntimeException e) {
            forget(key);
            throw e;
        }
    }

    /**
     * The dedup layer only saves work: the store's unique keys are the guarantee. So when it is
     * unreachable (Redis down) the event counts as new and the store decides.
     */
    private boolean firstSeen(String key) {
        try {
            return dedup.firstSeen(key, settings.dedupTtl());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "dedup unavailable; the store's unique key decides", e);
            return true;
        }
    }

    private void forget(String key) {
        try {
            dedup.forget(key);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "dedup unavailable; could not forget " + key, e);
        }
    }

    /** An edit replaces the stored text; it is not a new message, so no turn follows. */
    private Outcome edit(Channel ch, InboundEvent.Edited e) {
        Optional<ChannelAccount> account = directory.account(e.accountId());
        if (account.isEmpty()) return log(ch, null, e, Outcome.IGNORED, "unknown account " + e.accountId());
        if (e.externalId() == null || e.externalId().isBlank()) {
            return log(ch, account.get().tenantId(), e, Outcome.IGNORED, "edit without a message id");
        }
        boolean edited = inbox.editInbound(e.accountId(), e.externalId(), e.newText(), e.timestamp()).isPresent();
        if (!edited) return log(ch, account.get().tenantId(), e, Outcome.IGNORED, "edit of an unknown message");
        return log(ch, account.get().tenantId(), e, Outcome.UPDATED, null);
    }

    private Outcome echo(Channel ch, InboundEvent.EchoSent e) {
        if (inbox.findByExternalId(e.accountId(), e.externalId()).isPresent()) {
            return Outcome.DUPLICATE; // our own send, or an echo seen before
        }
        Optional<ChannelAccount> account = directory.account(e.accountId());
        if (account.isEmpty()) return log(ch, null, e, Outcome.IGNORED, "unknown account " + e.accountId());
        ChannelAccount acc = account.get();
        Optional<Agent> agent = directory.agent(acc.id());
        var conversation = agent.flatMap(a -> stores.contacts()
                .findByChannelUser(acc.tenantId(), acc.channel(), e.channelUserId())
                .flatMap(c -> inbox.findOpen(a.id(), c.id())));
        if (conversation.isEmpty()) return log(ch, acc.tenantId(), e, Outcome.IGNORED, "no open conversation for echo");
        if (isPartOfOurReply(conversation.get(), e)) return Outcome.DUPLICATE;
        outbox.appendOutbound(conversation.get().id(), new NewOutbound(Sender.HUMAN, e.type(), e.text(),
                e.media(), e.externalId(), null, DeliveryStatus.SENT, e.raw(), null));
        if (agent.get().pauseOnHumanReply() && conversation.get().status() == ConversationStatus.ACTIVE) {
            conversations.setStatus(conversation.get().id(), ConversationStatus.PAUSED, "a human replied from the business side");
        }
        return log(ch, acc.tenantId(), e, Outcome.UPDATED, null);
    }

    /**
     * An echo of one of our own sends that we cannot match by id: a part of a reply the channel split
     * into several messages (only the last part's id is kept), or an echo that overtook the recording
     * of the send. Its text is then part of the agent's newest message, which the conversation names.
     */
    private boolean isPartOfOurReply(dev.switchboard.core.domain.Conversation conversation, InboundEvent.EchoSent e) {
        if (e.text() == null || e.text().isBlank() || conversation.lastAgentMessageId() == null) return false;
        String text = e.text().strip();
        return conversations.findMessage(conversation.lastAgentMessageId())
                .map(m -> m.text() != null && m.text().contains(text)).orElse(false);
    }

    private Outcome accountUpdate(Channel ch, InboundEvent.AccountUpdate a) {
        Optional<ChannelAccount> account = stores.accounts().find(a.accountId());
        if (account.isEmpty()) return log(ch, null, a, Outcome.IGNORED, "unknown account " + a.accountId());
        Map<String, String> settings = new HashMap<>(account.get().settings());
        settings.putAll(a.data());
        stores.accounts().updateSettings(a.accountId(), settings);
        directory.invalidate();
        return log(ch, account.get().tenantId(), a, Outcome.UPDATED, null);
    }

    private Outcome log(Channel ch, String tenantId, InboundEvent event, Outcome outcome, String error) {
        String raw = switch (event) {
            case InboundEvent.MessageReceived m -> m.raw();
            case InboundEvent.StatusUpdate s -> s.raw();
            case InboundEvent.EchoSent e -> e.raw();
            case InboundEvent.Edited e -> e.raw();
            case InboundEvent.AccountUpdate a -> a.raw();
            case InboundEvent.Ignored i -> i.raw();
        };
        webhookLog.submit(new WebhookLogEntry(ids.next("wh"), tenantId, ch.channel(), ch.provider(), event.eventType(),
                outcome != Outcome.IGNORED, error, truncate(raw), clock.instant()));
        if (error != null) LOG.info(() -> "webhook event " + LogSafe.of(event.eventType()) + " ignored: " + LogSafe.of(error, 200));
        return outcome;
    }

    private static String truncate(String s) {
        if (s == null) return null;
        return s.length() <= 64_000 ? s : s.substring(0, 64_000);
    }
}
