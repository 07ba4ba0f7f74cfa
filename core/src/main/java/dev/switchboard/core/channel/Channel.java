package dev.switchboard.core.channel;

import dev.switchboard.core.domain.ChannelAccount;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One messaging provider: how its webhooks are verified and read, and how we send through it.
 *
 * <p>Threading: implementations are shared by all request and worker threads and must be
 * thread-safe. Errors: {@link #parse} throws {@link MalformedWebhookException} for a body it cannot
 * read (the caller answers 400); {@link #send} never throws for a provider error, it returns a
 * {@link SendResult}; an unexpected exception from {@code send} is treated as retryable.
 *
 * <p>Optional capabilities are separate interfaces a channel may also implement:
 * {@link TypingIndicator}, {@link ReadReceipts}.
 */
public interface Channel {

    /** The channel family written on accounts and contacts: "whatsapp", "instagram", "webchat"… */
    String channel();

    /** The integration within the family: "cloud", "evolution"… Accounts name it in {@code provider}. */
    String provider();

    /**
     * Answer the provider's subscription handshake (Meta's GET with {@code hub.challenge}).
     *
     * @return the body to answer 200 with, or empty to refuse with 403
     */
    default Optional<String> handshake(WebhookRequest request) {
        return Optional.empty();
    }

    /** Decide, before anything is parsed or stored, whether the request comes from the provider. */
    Verification verify(WebhookRequest request, AccountDirectory accounts);

    /** Read a verified request into zero or more events. */
    List<InboundEvent> parse(WebhookRequest request);

    /** Send one message through the account. */
    SendResult send(ChannelAccount account, OutboundMessage message);

    /**
     * How long after the customer's last message the business may send free-form messages
     * (WhatsApp and Instagram: 24 hours). The engine does not attempt a free-form send outside it.
     * Empty means no window.
     */
    default Optional<Duration> serviceWindow() {
        return Optional.empty();
    }

    /**
     * Whether a send failing with this provider error code means the service window is closed
     * (WhatsApp's 131047). Until the customer writes again the engine then attempts no free-form send.
     */
    default boolean closesServiceWindow(String errorCode) {
        return false;
    }

    /** How fast the provider lets us send; the engine paces to it. Unlimited by default. */
    default SendPacing pacing() {
        return SendPacing.NONE;
    }

    /**
     * Starts downloading a message's media (WhatsApp: the media id, then its short-lived URL).
     *
     * @return empty when the channel cannot fetch media; throws when the provider fails
     */
    default Optional<FetchedMedia> fetchMedia(ChannelAccount account, dev.switchboard.core.domain.MediaRef media) {
        return Optional.empty();
    }
}
