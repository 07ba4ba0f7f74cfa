package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.domain.Message;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.usecase.SendToContact;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Single messages: seed 001's manual retry of a failed send, and seed 002's {@code POST /send} (a
 * message to a contact). {@code POST /send} serves a tenant key: the tenant it opens is the
 * request's {@link Caller}, set by the key check; the admin key has none and
 * is told to use {@code /users/{user_id}/send}.
 */
final class MessageResources {
    /** The request attribute holding the tenant an authenticated tenant key opens (absent for the admin key). */

    private MessageResources() {}

    static void install(Javalin app, Switchboard engine) {
        var messages = engine.messages();
        app.post("/users/{user_id}/messages/{message_id}/retry",
                ctx -> ctx.status(202).json(JsonViews.message(messages.retry(user(ctx), ctx.pathParam("message_id")))));
        app.post("/users/{user_id}/send", ctx -> sent(ctx, messages.send(user(ctx), sendToContact(WireBody.of(ctx)))));
        app.post("/send", ctx -> {
            String tenant = ctx.attribute(Caller.ATTRIBUTE) instanceof Caller.Tenant t ? t.userId() : null;
            if (tenant == null) {
                throw new InvalidInputException("user_id", "POST /send needs a tenant API key; with the admin key use POST /users/{user_id}/send");
            }
            sent(ctx, messages.send(tenant, sendToContact(WireBody.of(ctx))));
        });
    }

    /** Seed 002's body: {@code contact_id} (or its alias {@code lead_id}), {@code message_type}, {@code text_content}, {@code media_url}, {@code phone_number_id}. */
    static SendToContact sendToContact(WireBody b) {
        String contact = b.text("contact_id");
        if (contact == null) contact = b.text("lead_id");
        return new SendToContact(contact, b.text("message_type"), b.text("text_content"), b.text("media_url"), b.text("phone_number_id"));
    }

    private static void sent(Context ctx, Message m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message_id", m.id());
        body.put("conversation_id", m.conversationId());
        body.put("status", m.status().wire());
        ctx.json(body);
    }
}
