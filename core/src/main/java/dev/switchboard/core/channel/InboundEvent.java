package dev.switchboard.core.channel;

import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import java.time.Instant;
import java.util.Map;

/**
 * A provider's webhook normalised: what happened, on which channel account. Vendor JSON stays in
 * the adapter; only {@code raw} carries it along, as an opaque string for the audit trail.
 */
public sealed interface InboundEvent {

    /** The channel account (phone number id, instance, page…) the event is addressed to. */
    String accountId();

    /** A short name for the webhook log ("message", "status", "echo", "connection"…). */
    String eventType();

    /**
     * A customer wrote to us.
     *
     * @param channelUserId the customer's id on the channel (WhatsApp wa_id, Instagram-scoped id…)
     * @param phone         the customer's phone number when the channel knows it (any format; core normalises)
     * @param text          body or caption; for non-text types, a short description the model can read
     *                      (for a location: "name, address"), or null
     * @param contactAttributes free-form facts the channel knows about the customer (username,
     *                      locale…), kept on the contact ({@code ContactSession.metadata}); never null
     */
    record MessageReceived(
            String accountId,
            String externalId,
            String channelUserId,
            String displayName,
            String phone,
            String type,
            String text,
            MediaRef media,
            String replyToExternalId,
            Instant timestamp,
            String raw,
            Map<String, String> contactAttributes) implements InboundEvent {
        public MessageReceived {
            contactAttributes = contactAttributes == null ? Map.of() : Map.copyOf(contactAttributes);
        }

        /** A message whose channel knows nothing more about the customer. */
        public MessageReceived(String accountId, String externalId, String channelUserId, String displayName, String phone,
                               String type, String text, MediaRef media, String replyToExternalId, Instant timestamp,
                               String raw) {
            this(accountId, externalId, channelUserId, displayName, phone, type, text, media, replyToExternalId, timestamp,
                    raw, Map.of());
        }

        public String eventType() {
            return "message";
        }
    }

    /**
     * The customer edited a message they sent earlier. The engine replaces the stored text (the
     * original stays in the stored payload) and starts no turn: the edit is not a new message.
     *
     * @param externalId the provider's id of the edited message (the original's id)
     */
    record Edited(String accountId, String externalId, String newText, Instant timestamp, String raw)
            implements InboundEvent {
        public String eventType() {
            return "edit";
        }
    }

    /** A delivery report for a message we sent. */
    record StatusUpdate(
            String accountId,
            String externalId,
            DeliveryStatus status,
            Instant timestamp,
            String errorCode,
            String errorMessage,
            String raw) implements InboundEvent {
        public String eventType() {
            return "status";
        }
    }

    /**
     * A message that left the business's side without going through us (the business's own phone,
     * another tool) — or an echo of one of our own sends, which the engine recognises by external id.
     */
    record EchoSent(
            String accountId,
            String externalId,
            String channelUserId,
            String type,
            String text,
            MediaRef media,
            Instant timestamp,
            String raw) implements InboundEvent {
        public String eventType() {
            return "echo";
        }
    }

    /** A change of the account itself: connection state, a new QR code… */
    record AccountUpdate(String accountId, String kind, Map<String, String> data, String raw) implements InboundEvent {
        public AccountUpdate {
            data = data == null ? Map.of() : Map.copyOf(data);
        }

        public String eventType() {
            return kind;
        }
    }

    /** Something the channel recognised and deliberately ignores (a group message, an unknown field). */
    record Ignored(String accountId, String reason, String raw) implements InboundEvent {
        public String eventType() {
            return "ignored";
        }
    }
}
