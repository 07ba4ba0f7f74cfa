package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendPacing;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.ConversationQueries;
import dev.switchboard.core.store.OutboxStore;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.support.EngineMetrics.Send;
import dev.switchboard.core.work.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a stored outbound message: retries transient failures with exponential backoff (or the
 * provider's retry-after), fails permanent ones at once, and records status, external id, attempts
 * and the last error.
 */
final class Delivery {
    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    static final String WINDOW_CLOSED = "window_closed";

    private final OutboxStore outbox;
    private final ConversationQueries conversations;
    private final EngineSettings settings;
    private final Clock clock;
    private final RateLimiter limiter;
    private final EngineMetrics metrics;

    Delivery(OutboxStore outbox, ConversationQueries conversations, EngineSettings settings, Clock clock, RateLimiter limiter,
             EngineMetrics metrics) {
        this.outbox = outbox;
        this.conversations = conversations;
        this.settings = settings;
        this.clock = clock;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /**
     * Waits until the channel's limits let this send go: one slot per recipient (once per message,
     * retries of it do not count again), then one per account, taken right before the call.
     */
    private void pace(Channel channel, ChannelAccount account, String recipient, boolean firstAttempt) {
        SendPacing pacing = channel.pacing();
        if (firstAttempt) acquire("send:" + account.id() + ":" + recipient, pacing.perRecipient());
        acquire("send:" + account.id(), pacing.perAccount());
    }

    private void acquire(String key, Duration spacing) {
        Duration wait;
        while (!(wait = limiter.tryAcquire(key, spacing)).isZero()) sleep(wait);
    }

    /**
     * Sends the message. A free-form message is not attempted once the channel's service window since
     * the customer last wrote has passed, or after a provider reported it closed (both read from the
     * conversation's stored facts, read fresh: an earlier send of this turn may have closed it).
     *
     * @param fresh      the message's conversation when the caller read it after the last send to it (saves
     *                   a read), else null: it is read here
     * @param beforeSend run right before each attempt reaches the channel; throws to stop the send (the
     *                   turn lost its conversation's lock), leaving the message as it is
     */
    SendOutcome deliver(Channel channel, ChannelAccount account, String recipient, Message message, Conversation fresh,
                        Runnable beforeSend) {
        OutboundContent content = OutboundContents.of(message);
        OutboundMessage outbound = new OutboundMessage(recipient, content, message.replyToExternalId());
        // a template is what may be sent outside the window; everything else waits for the customer
        var window = content instanceof OutboundContent.Template ? java.util.Optional.<Duration>empty() : channel.serviceWindow();
        Conversation conv = window.isEmpty() ? null
                : fresh != null ? fresh : conversations.find(message.conversationId()).orElse(null);
        Instant lastInboundAt = conv == null ? null : conv.lastInboundAt();
        boolean expired = window.isPresent() && lastInboundAt != null && clock.instant().isAfter(lastInboundAt.plus(window.get()));
        if (window.isPresent() && (expired || (conv != null && conv.providerClosedWindow()))) {
            SendOutcome closed = new SendOutcome(DeliveryStatus.FAILED, null, message.attempts(), WINDOW_CLOSED,
                    (expired ? "the customer last wrote more than " + window.get().toHours() + " hours ago"
                            : "the provider reported the customer service window closed")
                            + ": outside the window only a template may be sent");
            outbox.recordSend(message.id(), closed);
            metrics.send(channel.channel(), Send.FAILED);
            return closed;
        }
        int attempt = message.attempts();
        // attempts count up across rounds of sendMaxAttempts: a crash mid-round resumes the round, a
        // manual retry of a failed message (pending again with all attempts made) starts a new one
        int limit = (attempt / settings.sendMaxAttempts() + 1) * settings.sendMaxAttempts();
        String code = null, error = null;
        while (attempt < limit) {
            attempt++;
            pace(channel, account, recipient, attempt == message.attempts() + 1);
            beforeSend.run(); // after the pacing wait, which may be long
            SendResult result;
            try {
                result = channel.send(account, outbound);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "send threw; treated as retryable (message " + message.id() + ")", e);
                result = new SendResult.Retryable("exception", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            Duration wait;
            switch (result) {
                case SendResult.Sent sent -> {
                    SendOutcome ok = new SendOutcome(DeliveryStatus.SENT, sent.externalId(), attempt, null, null);
                    outbox.recordSend(message.id(), ok);
                    metrics.send(channel.channel(), Send.SENT);
                    return ok;
                }
                case SendResult.Permanent p -> {
                    boolean windowClosed = p.cause() == SendResult.Cause.WINDOW_CLOSED
                            || (p.code() != null && channel.closesServiceWindow(p.code()));
                    SendOutcome failed = new SendOutcome(DeliveryStatus.FAILED, null, attempt, p.code(), p.message(),
                            windowClosed, p.cause() == SendResult.Cause.RECIPIENT_BLOCKED);
                    outbox.recordSend(message.id(), failed);
                    metrics.send(channel.channel(), Send.FAILED);
                    LOG.warning(() -> "send failed permanently (message " + message.id() + "): " + p.code() + " " + p.message());
                    return failed;
                }
                case SendResult.Retryable r -> {
                    code = r.code();
                    error = r.message();
                    wait = backoff(attempt);
                }
                case SendResult.RateLimited r -> {
                    code = r.code();
                    error = r.message();
                    wait = r.retryAfter() != null ? min(r.retryAfter(), MAX_WAIT) : backoff(attempt);
                }
            }
            if (attempt < limit) {
                // Record progress so a crash mid-retry does not restart the attempt count.
                outbox.recordSend(message.id(), new SendOutcome(DeliveryStatus.PENDING, null, attempt, code, error));
                metrics.send(channel.channel(), Send.RETRIED);
                sleep(wait);
            }
        }
        SendOutcome failed = new SendOutcome(DeliveryStatus.FAILED, null, attempt, code, error);
        outbox.recordSend(message.id(), failed);
        metrics.send(channel.channel(), Send.FAILED);
        String c = code, e = error;
        LOG.warning(() -> "send failed after " + settings.sendMaxAttempts() + " attempts (message " + message.id() + "): " + c + " " + e);
        return failed;
    }

    private Duration backoff(int attempt) {
        Duration d = settings.sendBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
        return min(d, MAX_WAIT);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
