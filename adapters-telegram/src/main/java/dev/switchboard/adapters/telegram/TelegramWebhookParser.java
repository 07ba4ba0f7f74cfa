package dev.switchboard.adapters.telegram;

import static dev.switchboard.adapters.telegram.internal.Json.object;
import static dev.switchboard.adapters.telegram.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.adapters.telegram.internal.InboundContent;
import dev.switchboard.adapters.telegram.internal.Json;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads one Bot API {@code Update}. Only private chats are served: a message in a group,
 * supergroup or channel gives no event at all. A message's external id is
 * {@code chat_id:message_id}, unique per bot: a redelivered update carries the same one (so it is
 * stored once, as dedup on {@code update_id} would), and an {@code edited_message} names the message
 * it edits by that same id. {@code /start} is kept as the text it is: as the first message of a
 * chat it opens the conversation, and the engine greets a conversation's first turn.
 */
public final class TelegramWebhookParser {
    private final Clock clock;

    public TelegramWebhookParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param accountId the bot the delivery was addressed to (the webhook URL's account id)
     * @throws MalformedWebhookException when the body is not a JSON object with an {@code update_id}
     */
    public TelegramUpdate parse(byte[] body, String accountId) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedWebhookException("not a Telegram update: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("update_id").canConvertToLong()) {
            throw new MalformedWebhookException("not a Telegram update: no numeric update_id");
        }
        long updateId = root.get("update_id").asLong();
        String raw = new String(body, StandardCharsets.UTF_8);
        JsonNode message = object(root, "message");
        JsonNode edited = object(root, "edited_message");
        if (message == null && edited == null && (root.has("channel_post") || root.has("edited_channel_post"))) {
            return new TelegramUpdate(updateId, List.of(), null, null);
        }
        if (message == null && edited == null) {
            String kind = "empty";
            for (var names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("update_id")) {
                    kind = name;
                    break;
                }
            }
            return new TelegramUpdate(updateId, List.of(new InboundEvent.Ignored(accountId, "update type " + kind + " is not handled", raw)), null, null);
        }
        JsonNode msg = message != null ? message : edited;
        JsonNode chat = object(msg, "chat");
        if (!"private".equals(text(chat, "type"))) return new TelegramUpdate(updateId, List.of(), null, null);
        JsonNode from = object(msg, "from");
        String chatId = text(chat, "id");
        String messageId = text(msg, "message_id");
        if (chatId == null || messageId == null) throw new MalformedWebhookException("a private message needs chat.id and message_id");
        TelegramContact contact = contact(from != null ? from : chat);
        InboundContent content = InboundContent.of(msg);
        String externalId = chatId + ":" + messageId;
        if (message == null) {
            Instant at = seconds(msg, "edit_date", seconds(msg, "date", clock.instant()));
            TelegramEdit edit = new TelegramEdit(accountId, externalId, contact.userId(), content.type(), content.text(), content.media(), at, raw);
            return new TelegramUpdate(updateId, List.of(), edit, contact);
        }
        JsonNode replyTo = object(msg, "reply_to_message");
        String replyToId = text(replyTo, "message_id") == null ? null : chatId + ":" + text(replyTo, "message_id");
        InboundEvent received = new InboundEvent.MessageReceived(accountId, externalId, contact.userId(), contact.name(), null,
                content.type(), content.text(), content.media(), replyToId, seconds(msg, "date", clock.instant()), raw, contact.attributes());
        return new TelegramUpdate(updateId, List.of(received), null, contact);
    }

    private static TelegramContact contact(JsonNode user) {
        String name = String.join(" ", Stream.of(text(user, "first_name"), text(user, "last_name")).filter(Objects::nonNull).toList());
        return new TelegramContact(text(user, "id"), name.isEmpty() ? null : name, text(user, "username"), text(user, "language_code"));
    }

    private static Instant seconds(JsonNode node, String field, Instant fallback) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() && value.asLong() > 0 ? Instant.ofEpochSecond(value.asLong()) : fallback;
    }
}
