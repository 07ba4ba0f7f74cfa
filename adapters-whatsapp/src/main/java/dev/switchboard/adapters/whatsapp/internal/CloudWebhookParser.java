package dev.switchboard.adapters.whatsapp.internal;

import static dev.switchboard.adapters.whatsapp.internal.Json.array;
import static dev.switchboard.adapters.whatsapp.internal.Json.epochSeconds;
import static dev.switchboard.adapters.whatsapp.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.adapters.meta.GraphJson;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.domain.DeliveryStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Cloud API webhook ({@code object: whatsapp_business_account}) into events. Meta batches:
 * every entry, every change and every array element becomes its own event.
 */
public final class CloudWebhookParser {
    private static final String OBJECT = "whatsapp_business_account";

    private final Clock clock;

    public CloudWebhookParser(Clock clock) {
        this.clock = clock;
    }

    public List<InboundEvent> parse(byte[] body) {
        JsonNode root = GraphJson.readEnvelope(body, OBJECT);
        List<InboundEvent> events = new ArrayList<>();
        for (JsonNode entry : array(root, "entry")) {
            for (JsonNode change : array(entry, "changes")) {
                readChange(text(entry, "id"), change, events);
            }
        }
        return events;
    }

    private void readChange(String wabaId, JsonNode change, List<InboundEvent> events) {
        JsonNode value = change.path("value");
        String field = text(change, "field");
        String accountId = text(value.path("metadata"), "phone_number_id");
        if ("smb_message_echoes".equals(field) && accountId != null) {
            for (JsonNode echo : array(value, "message_echoes")) events.add(echo(accountId, echo));
            return;
        }
        if (!"messages".equals(field)) {
            events.add(new InboundEvent.Ignored(accountId == null ? wabaId : accountId,
                    "field '" + field + "' is not handled", change.toString()));
            return;
        }
        if (accountId == null) {
            events.add(new InboundEvent.Ignored(wabaId, "change without metadata.phone_number_id", change.toString()));
            return;
        }
        Map<String, String> names = new HashMap<>();
        for (JsonNode contact : array(value, "contacts")) {
            String waId = text(contact, "wa_id");
            String name = text(contact.path("profile"), "name");
            if (waId != null && name != null) names.put(waId, name);
        }
        for (JsonNode message : array(value, "messages")) {
            events.add(message(accountId, message, names));
        }
        for (JsonNode status : array(value, "statuses")) {
            events.add(status(accountId, status));
        }
        for (JsonNode error : array(value, "errors")) {
            events.add(new InboundEvent.Ignored(accountId,
                    "provider error " + text(error, "code") + ": " + text(error, "title"), error.toString()));
        }
    }

    private InboundEvent message(String accountId, JsonNode message, Map<String, String> names) {
        String id = text(message, "id");
        String from = text(message, "from");
        if (id == null || from == null) {
            return new InboundEvent.Ignored(accountId, "message without id or from", message.toString());
        }
        InboundContent content = InboundContent.of(message);
        String replyTo = text(message.path("context"), "id");
        if (replyTo == null && "reaction".equals(text(message, "type"))) {
            replyTo = text(message.path("reaction"), "message_id");
        }
        return new InboundEvent.MessageReceived(accountId, id, from, names.get(from), from, content.type(),
                content.text(), content.media(), replyTo, epochSeconds(message, "timestamp", clock), message.toString());
    }

    /**
     * A message the business sent from the WhatsApp Business app on a coexistence number
     * ({@code smb_message_echoes}): {@code to} is the customer, whose channel user id is their wa_id digits.
     */
    private InboundEvent echo(String accountId, JsonNode echo) {
        String id = text(echo, "id");
        String to = text(echo, "to");
        if (id == null || to == null) return new InboundEvent.Ignored(accountId, "message echo without id or to", echo.toString());
        InboundContent content = InboundContent.of(echo);
        return new InboundEvent.EchoSent(accountId, id, to.replaceAll("\\D", ""), content.type(), content.text(), content.media(),
                epochSeconds(echo, "timestamp", clock), echo.toString());
    }

    private InboundEvent status(String accountId, JsonNode status) {
        String id = text(status, "id");
        DeliveryStatus delivery = DeliveryStatus.fromWire(text(status, "status"))
                .filter(s -> s != DeliveryStatus.RECEIVED && s != DeliveryStatus.PENDING)
                .orElse(null);
        if (id == null || delivery == null) {
            return new InboundEvent.Ignored(accountId,
                    "status '" + text(status, "status") + "' without id or not a delivery status", status.toString());
        }
        JsonNode error = status.path("errors").path(0);
        String code = text(error, "code");
        String title = text(error, "title");
        String message = title != null ? title : text(error, "message");
        String details = text(error.path("error_data"), "details");
        if (details != null) message = message == null ? details : message + ": " + details;
        return new InboundEvent.StatusUpdate(accountId, id, delivery, epochSeconds(status, "timestamp", clock),
                code, message, status.toString());
    }
}
