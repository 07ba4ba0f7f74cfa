package dev.switchboard.adapters.whatsapp.internal;

import static dev.switchboard.adapters.whatsapp.internal.Json.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.domain.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Evolution API v2 webhook ({@code {event, instance, data, …}}) into events. The instance
 * name is the account id. {@code data} is one object per webhook; an array (a server that batches)
 * is read element by element.
 */
public final class EvolutionWebhookParser {
    private static final Set<String> HANDLED = Set.of("messages.upsert", "messages.update", "connection.update", "qrcode.updated");

    /**
     * Jackson caps strings at 20 M characters by default, and an instance with {@code base64: true}
     * inlines whole videos and documents. The body is already in memory when we read it, so the cap
     * protects nothing here; refusing the webhook would lose the message (Evolution does not retry a 400).
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()) // as GraphJson's
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build()).build();

    private final Clock clock;

    public EvolutionWebhookParser(Clock clock) {
        this.clock = clock;
    }

    public List<InboundEvent> parse(byte[] body) {
        ObjectNode root = Json.readObject(MAPPER, body);
        String instance = text(root, "instance");
        if (instance == null) throw new MalformedWebhookException("instance is missing");
        String declared = text(root, "event");
        if (declared == null) throw new MalformedWebhookException("event is missing");
        String event = normaliseEvent(declared);
        String raw = auditCopy(root);
        if (!HANDLED.contains(event)) return List.of(new InboundEvent.Ignored(instance, "event " + event + " is not handled", raw));
        List<InboundEvent> events = new ArrayList<>();
        for (JsonNode data : items(root.path("data"))) {
            events.add(switch (event) {
                case "messages.upsert" -> upsert(instance, data, raw);
                case "messages.update" -> statusUpdate(instance, data, raw);
                case "connection.update" -> connection(instance, data, raw);
                default -> qrCode(instance, data, raw);
            });
        }
        return events;
    }

    /**
     * Payloads name events {@code messages.upsert}; configuration and {@code byEvents} URLs use
     * {@code MESSAGES_UPSERT} and {@code messages-upsert}. All three read the same here.
     */
    static String normaliseEvent(String event) {
        return event.strip().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    }

    private InboundEvent upsert(String instance, JsonNode data, String raw) {
        JsonNode key = data.path("key");
        String id = text(key, "id");
        Jid chat = Jid.parse(text(key, "remoteJid"));
        if (id == null || chat == null) {
            return new InboundEvent.Ignored(instance, "message without key.id or key.remoteJid", raw);
        }
        if (chat.isGroup()) return new InboundEvent.Ignored(instance, "group message", raw);
        if (chat.isBroadcast()) return new InboundEvent.Ignored(instance, "status or channel broadcast", raw);
        String type = EvolutionContent.baileysType(data);
        if (type != null && EvolutionContent.PROTOCOL.contains(type)) {
            return new InboundEvent.Ignored(instance, type + " is not a message to answer", raw);
        }
        Customer customer = Customer.of(chat, Jid.parse(text(key, "remoteJidAlt")));
        EvolutionContent content = EvolutionContent.of(data, type, id);
        Instant at = timestamp(data.path("messageTimestamp"));
        if (key.path("fromMe").asBoolean(false)) {
            return new InboundEvent.EchoSent(instance, id, customer.channelUserId(), content.type(), content.text(),
                    content.media(), at, raw);
        }
        return new InboundEvent.MessageReceived(instance, id, customer.channelUserId(), text(data, "pushName"),
                customer.phone(), content.type(), content.text(), content.media(), content.replyTo(), at, raw);
    }

    /**
     * Who the customer is. A phone-number JID gives the number (also when Baileys addresses the chat
     * by {@code @lid} and puts the number in {@code remoteJidAlt}), so a person keeps one id whichever
     * way WhatsApp addresses them. A bare {@code @lid} is kept whole: it is the only address a
     * reply can go to, and its digits are not a phone number.
     */
    private record Customer(String channelUserId, String phone) {
        static Customer of(Jid chat, Jid alternative) {
            Jid phoneJid = chat.isPhoneNumber() ? chat
                    : alternative != null && alternative.isPhoneNumber() ? alternative : null;
            if (phoneJid != null) return new Customer(phoneJid.user(), phoneJid.e164());
            return new Customer(chat.toString(), null);
        }
    }

    /** {@code key.id} and {@code status} are flattened into {@code data} here ({@code keyId}), unlike upserts. */
    private InboundEvent statusUpdate(String instance, JsonNode data, String raw) {
        String id = firstNonNull(text(data, "keyId"), text(data.path("key"), "id"));
        JsonNode fromMe = data.has("fromMe") ? data.path("fromMe") : data.path("key").path("fromMe");
        String status = firstNonNull(text(data, "status"), text(data.path("update"), "status"));
        if (id == null) return new InboundEvent.Ignored(instance, "status update without keyId", raw);
        if (fromMe.isBoolean() && !fromMe.booleanValue()) {
            return new InboundEvent.Ignored(instance, "status of a message the customer sent", raw);
        }
        DeliveryStatus delivery = deliveryStatus(status);
        if (delivery == null) return new InboundEvent.Ignored(instance, "status " + status + " is not a delivery report", raw);
        String error = delivery == DeliveryStatus.FAILED ? "Evolution reported the message as ERROR" : null;
        return new InboundEvent.StatusUpdate(instance, id, delivery, clock.instant(), delivery == DeliveryStatus.FAILED ? "ERROR" : null,
                error, raw);
    }

    /** Evolution's names for Baileys' 0..5 (renderStatus.ts); the number itself from older servers. */
    private static DeliveryStatus deliveryStatus(String status) {
        if (status == null) return null;
        return switch (status.strip().toUpperCase(Locale.ROOT)) {
            case "ERROR", "0" -> DeliveryStatus.FAILED;
            case "SERVER_ACK", "2" -> DeliveryStatus.SENT;
            case "DELIVERY_ACK", "3" -> DeliveryStatus.DELIVERED;
            case "READ", "4" -> DeliveryStatus.READ;
            case "PLAYED", "5" -> DeliveryStatus.PLAYED;
            default -> null; // PENDING is where our send starts; DELETED means unknown
        };
    }

    private InboundEvent connection(String instance, JsonNode data, String raw) {
        String state = text(data, "state");
        if (state == null) return new InboundEvent.Ignored(instance, "connection update without state", raw);
        Map<String, String> update = new LinkedHashMap<>();
        update.put("connection_state", state);
        putIfPresent(update, "status_reason", text(data, "statusReason"));
        putIfPresent(update, "profile_name", text(data, "profileName"));
        return new InboundEvent.AccountUpdate(instance, "connection", update, raw);
    }

    /** A new QR replaces the last; at the QR limit the stale one is cleared and the reason given. */
    private InboundEvent qrCode(String instance, JsonNode data, String raw) {
        JsonNode qr = data.path("qrcode");
        Map<String, String> update = new LinkedHashMap<>();
        if (qr.isObject()) {
            update.put("qr_base64", firstNonNull(text(qr, "base64"), ""));
            update.put("qr_code", firstNonNull(text(qr, "code"), ""));
            update.put("pairing_code", firstNonNull(text(qr, "pairingCode"), ""));
            return new InboundEvent.AccountUpdate(instance, "qrcode", update, raw);
        }
        String message = text(data, "message");
        if (message == null) return new InboundEvent.Ignored(instance, "QR update without a QR", raw);
        update.put("qr_base64", "");
        update.put("qr_code", "");
        update.put("pairing_code", "");
        update.put("qr_error", message);
        return new InboundEvent.AccountUpdate(instance, "qrcode", update, raw);
    }

    /** Seconds, as a number or a string, or protobuf's {@code {low, high}} Long; else the receive time. */
    private Instant timestamp(JsonNode value) {
        try {
            if (value.isNumber()) return Instant.ofEpochSecond(value.asLong());
            if (value.isTextual() && !value.asText().isBlank()) return Instant.ofEpochSecond(Long.parseLong(value.asText().strip()));
            if (value.isObject() && value.path("low").isNumber()) {
                return Instant.ofEpochSecond((value.path("high").asLong(0) << 32) | (value.path("low").asLong() & 0xFFFFFFFFL));
            }
        } catch (RuntimeException e) {
            // fall through: a bad timestamp must not drop the message
        }
        return clock.instant();
    }

    /**
     * The envelope as kept in the audit trail: without {@code apikey} (the instance token, a
     * credential) and without inline media ({@code message.base64}, megabytes that the log would
     * cut mid-string anyway).
     */
    private static String auditCopy(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        copy.remove("apikey");
        for (JsonNode item : items(copy.path("data"))) {
            if (item.path("message") instanceof ObjectNode message && message.has("base64")) {
                message.put("base64", "[omitted: " + message.path("base64").asText().length() + " characters]");
            }
        }
        return copy.toString();
    }

    private static Iterable<JsonNode> items(JsonNode data) {
        return data.isArray() ? data : List.of(data);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) map.put(key, value);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) return value;
        }
        return null;
    }
}
