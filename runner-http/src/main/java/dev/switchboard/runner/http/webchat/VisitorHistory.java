package dev.switchboard.runner.http.webchat;

import dev.switchboard.adapters.webchat.Visitor;
import dev.switchboard.adapters.webchat.VisitorMessage;
import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.Stores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A visitor's messages on one widget, read from the store in the order they were written (across
 * conversations: a resolved one, then the next). The store is the only source: what the live
 * stream delivers and what {@code GET messages} answers are the same rows, identified by message id.
 */
final class VisitorHistory {
    private static final int MAX = 1000;

    private VisitorHistory() {}

    static List<Message> all(Stores stores, ChannelAccount account, Visitor visitor) {
        var contact = stores.contacts().findByChannelUser(account.tenantId(), WebchatChannel.CHANNEL, visitor.visitorId());
        if (contact.isEmpty()) return List.of();
        List<Message> messages = new ArrayList<>(stores.conversations().messages(account.tenantId(),
                new MessageQuery(null, account.id(), contact.get().id(), MAX, 0)));
        Map<String, java.time.Instant> started = new HashMap<>();
        for (Message m : messages) started.merge(m.conversationId(), m.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
        messages.sort(Comparator.<Message, java.time.Instant>comparing(m -> started.get(m.conversationId()))
                .thenComparing(Message::conversationId).thenComparingLong(Message::seq));
        return messages;
    }

    /** The messages after the one with id {@code cursor}; all of them when the cursor is null or unknown. */
    static List<Message> after(List<Message> all, String cursor) {
        if (cursor == null || cursor.isBlank()) return all;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(cursor)) return all.subList(i + 1, all.size());
        }
        return all;
    }

    /** A message as the widget reads it: {@code sender} is visitor, agent (the bot) or human (an operator). */
    static Map<String, Object> view(Message m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("sender", m.direction() == Direction.INBOUND ? "visitor" : switch (m.sender()) {
            case HUMAN -> "human";
            case AGENT -> "agent";
            case USER -> "visitor";
        });
        v.put("type", m.type());
        v.put("text", m.text());
        if (m.media() != null && m.media().url() != null) v.put("media_url", m.media().url());
        v.put("created_at", m.createdAt().toString());
        if (m.direction() == Direction.INBOUND) v.put("client_message_id", VisitorMessage.clientMessageId(m.externalId()));
        return v;
    }
}
