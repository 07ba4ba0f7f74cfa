package dev.switchboard.runner.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.StoredEvent;
import java.util.Map;
import java.util.Optional;

/**
 * The one place a live event's {@code data} is rendered: the resource it names, read now and shown
 * as the REST API shows it ({@link JsonViews#message}; a conversation as its inbox view,
 * {@link JsonViews#conversationView}, with the contact and last message embedded).
 */
final class EventViews {
    private EventViews() {}

    /** The event's data as JSON, or empty when its resource is gone (or not the tenant's). */
    static Optional<String> data(Switchboard engine, StoredEvent e) {
        var store = engine.stores().conversations();
        Optional<Map<String, Object>> view = e.aboutMessage()
                ? store.findMessage(e.resourceId()).filter(m -> m.tenantId().equals(e.tenantId())).map(JsonViews::message)
                : store.find(e.resourceId()).filter(c -> c.tenantId().equals(e.tenantId()))
                        .map(c -> JsonViews.conversationView(engine.conversations().view(c.tenantId(), c.id())));
        return view.map(EventViews::json);
    }

    /** One Server-Sent Events frame. */
    static String frame(long id, String type, String data) {
        return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }

    private static String json(Map<String, Object> view) {
        try {
            return HttpApi.JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
