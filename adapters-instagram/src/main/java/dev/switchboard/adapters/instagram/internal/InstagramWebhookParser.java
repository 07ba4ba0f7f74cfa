package dev.switchboard.adapters.instagram.internal;

import static dev.switchboard.adapters.instagram.internal.Json.array;
import static dev.switchboard.adapters.instagram.internal.Json.firstNonNull;
import static dev.switchboard.adapters.instagram.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.adapters.meta.GraphJson;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MessageTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Instagram messaging webhook ({@code object: instagram}, {@code entry[].messaging[]})
 * into events. Meta batches: every entry and every messaging item becomes its own event.
 *
 * <p>The business's account is {@code entry[].id}; in an item it is the recipient of what the
 * customer does and the sender of an echo. Items that carry nothing to store (deleted messages,
 * referrals, edits, comment changes…) become {@link InboundEvent.Ignored} with the reason, so the
 * webhook log shows an operator what arrived and why nothing happened.
 */
public final class InstagramWebhookParser {
    private static final String OBJECT = "instagram";

    private final Clock clock;
    private final String appId;

    /** @param appId the app whose echoes are our own sends (see InstagramConfig), or null */
    public InstagramWebhookParser(Clock clock, String appId) {
        this.clock = clock;
        this.appId = appId;
    }

    public List<InboundEvent> parse(byte[] body) {
        JsonNode root = GraphJson.readEnvelope(body, OBJECT);
        List<InboundEvent> events = new ArrayList<>();
        for (JsonNode entry : array(root, "entry")) {
            String businessId = text(entry, "id");
            Instant entryTime = Json.epochMillis(entry, "time");
            for (JsonNode item : array(entry, "messaging")) {
                events.add(item(businessId, entryTime, item));
            }
            for (JsonNode item : array(entry, "standby")) {
                events.add(new InboundEvent.Ignored(businessId,
                        "standby event: another app controls this conversation, so it is not answered here", item.toString()));
            }
            for (JsonNode change : array(entry, "changes")) {
                events.add(new InboundEvent.Ignored(businessId,
                        "field '" + text(change, "field") + "' is not handled", change.toString()));
            }
        }
        return events;
    }

    private InboundEvent item(String businessId, Instant entryTime, JsonNode item) {
        Parties parties = new Parties(businessId, text(item.path("sender"), "id"), text(item.path("recipient"), "id"));
        Instant at = firstNonNull(Json.epochMillis(item, "timestamp"), entryTime, clock.instant());
        String raw = item.toString();
        JsonNode message = item.path("message");
        if (message.isObject()) {
            if (Json.flag(message, "is_echo")) return echo(parties, message, at, raw);
            return message(parties, message, at, raw);
        }
        if (item.path("reaction").isObject()) return reaction(parties, item, at, raw);
        if (item.path("read").isObject()) return read(parties, item.path("read"), at, raw);
        if (item.path("postback").isObject()) return postback(parties, item.path("postback"), at, raw);
        if (item.path("referral").isObject()) {
            return new InboundEvent.Ignored(parties.inboundAccount(),
                    "referral (an ig.me link or ad opened in an existing conversation) carries no message", raw);
        }
        if (item.path("message_edit").isObject()) {
            return new InboundEvent.Ignored(parties.inboundAccount(), "the customer edited message "
                    + text(item.path("message_edit"), "mid") + "; the stored text is the original", raw);
        }
        List<String> keys = new ArrayList<>();
        item.fieldNames().forEachRemaining(keys::add);
        return new InboundEvent.Ignored(parties.inboundAccount(), "messaging event " + keys + " is not handled", raw);
    }

    private InboundEvent message(Parties parties, JsonNode message, Instant at, String raw) {
        String mid = text(message, "mid");
        if (Json.flag(message, "is_deleted")) {
            // Stored as nothing: a new message would be answered by the bot, and the deleted one keeps its mid.
            return new InboundEvent.Ignored(parties.inboundAccount(),
                    "the customer deleted (unsent) message " + mid + "; its stored copy, if any, is unchanged", raw);
        }
        if (mid == null || parties.sender() == null) {
            return new InboundEvent.Ignored(parties.inboundAccount(), "message without mid or sender", raw);
        }
        InboundContent content = InboundContent.of(message);
        String replyTo = text(message.path("reply_to"), "mid");
        return new InboundEvent.MessageReceived(parties.inboundAccount(), mid, parties.sender(), null, null,
                content.type(), content.text(), content.media(), replyTo, at, raw);
    }

    private InboundEvent echo(Parties parties, JsonNode message, Instant at, String raw) {
        String mid = text(message, "mid");
        String account = parties.echoAccount();
        if (appId != null && appId.equals(text(message, "app_id"))) {
            return new InboundEvent.Ignored(account, "echo of message " + mid + " sent by this app (app_id " + appId
                    + "); the engine recorded it when sending", raw);
        }
        if (Json.flag(message, "is_deleted")) {
            return new InboundEvent.Ignored(account, "the business deleted (unsent) message " + mid, raw);
        }
        if (mid == null || parties.recipient() == null) {
            return new InboundEvent.Ignored(account, "echo without mid or recipient", raw);
        }
        InboundContent content = InboundContent.of(message);
        return new InboundEvent.EchoSent(account, mid, parties.recipient(), content.type(), content.text(),
                content.media(), at, raw);
    }

    /**
     * A reaction has no id of its own. The one given here is built from the reacted-to message, the
     * customer and the time, so a redelivered webhook gets the same id and is de-duplicated.
     */
    private InboundEvent reaction(Parties parties, JsonNode item, Instant at, String raw) {
        JsonNode reaction = item.path("reaction");
        String target = text(reaction, "mid");
        if (target == null || parties.sender() == null) {
            return new InboundEvent.Ignored(parties.inboundAccount(), "reaction without mid or sender", raw);
        }
        String action = firstNonNull(text(reaction, "action"), "react");
        String id = target + ":" + action + ":" + parties.sender() + ":" + firstNonNull(text(item, "timestamp"), "-");
        return new InboundEvent.MessageReceived(parties.inboundAccount(), id, parties.sender(), null, null,
                MessageTypes.REACTION, InboundContent.reaction(reaction), null, target, at, raw);
    }

    private InboundEvent read(Parties parties, JsonNode read, Instant at, String raw) {
        String mid = text(read, "mid");
        if (parties.sender() != null && parties.sender().equals(parties.businessId())) {
            return new InboundEvent.Ignored(parties.businessId(), "the business read the customer's message " + mid, raw);
        }
        if (mid == null) {
            return new InboundEvent.Ignored(parties.inboundAccount(), "read receipt without a message id: nothing to update", raw);
        }
        return new InboundEvent.StatusUpdate(parties.inboundAccount(), mid, DeliveryStatus.READ, at, null, null, raw);
    }

    /** An ice breaker or button tap: the customer's choice, read as a message. */
    private InboundEvent postback(Parties parties, JsonNode postback, Instant at, String raw) {
        String mid = text(postback, "mid");
        if (mid == null || parties.sender() == null) {
            return new InboundEvent.Ignored(parties.inboundAccount(), "postback without mid or sender", raw);
        }
        String text = firstNonNull(text(postback, "title"), text(postback, "payload"), "[button tapped]");
        return new InboundEvent.MessageReceived(parties.inboundAccount(), mid, parties.sender(), null, null,
                MessageTypes.BUTTON, text, null, null, at, raw);
    }

    /** Who is who in one messaging item; the entry's id stands in when an item leaves a side out. */
    private record Parties(String businessId, String sender, String recipient) {
        String inboundAccount() {
            return recipient != null ? recipient : businessId;
        }

        String echoAccount() {
            return sender != null ? sender : businessId;
        }
    }
}
