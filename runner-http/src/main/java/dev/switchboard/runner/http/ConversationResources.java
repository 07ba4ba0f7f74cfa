package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.intParam;
import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.support.InvalidInputException;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversations, their messages, an operator's status changes and messages, and extracted leads. */
final class ConversationResources {
    /** The largest page the inbox routes serve. */
    static final int MAX_PAGE = 200;

    private ConversationResources() {}

    static void install(Javalin app, Switchboard engine) {
        var conversations = engine.conversations();
        app.get("/users/{user_id}/messages", ctx -> {
            var query = new MessageQuery(ctx.queryParam("conversation_id"), ctx.queryParam("phone_number_id"),
                    ctx.queryParam("contact_id"), intParam(ctx, "limit", 100), intParam(ctx, "offset", 0));
            var messages = conversations.messages(user(ctx), query);
            Map<String, Object> latest = new LinkedHashMap<>();
            messages.stream().map(Message::conversationId).distinct().forEach(conv ->
                    conversations.latestExtraction(conv).ifPresent(e -> latest.put(conv, JsonViews.extraction(e))));
            ctx.json(Map.of("user_id", user(ctx), "messages", JsonViews.list(messages, JsonViews::message), "extractions", latest));
        });
        app.get("/users/{user_id}/conversations", ctx -> {
            String status = ctx.queryParam("status");
            ConversationStatus s = status == null ? null : ConversationStatus.fromWire(status)
                    .orElseThrow(() -> new InvalidInputException("status", "unknown status " + status));
            String sort = ctx.queryParam("sort");
            ConversationQuery.Sort order = sort == null || sort.isBlank() ? null : ConversationQuery.Sort.fromWire(sort)
                    .orElseThrow(() -> new InvalidInputException("sort", "must be last_activity or created_at, got " + sort));
            var query = new ConversationQuery(s, ctx.queryParam("channel"), ctx.queryParam("agent_id"), ctx.queryParam("q"), null,
                    order, Params.limit(ctx, 50, MAX_PAGE), intParam(ctx, "offset", 0));
            ctx.json(Map.of("user_id", user(ctx), "conversations",
                    JsonViews.list(conversations.inbox(user(ctx), query), JsonViews::conversationView)));
        });
        app.get("/users/{user_id}/conversations/{conversation_id}",
                ctx -> ctx.json(JsonViews.conversationView(conversations.view(user(ctx), ctx.pathParam("conversation_id")))));
        app.get("/users/{user_id}/conversations/{conversation_id}/messages", ctx -> {
            var page = conversations.transcript(user(ctx), ctx.pathParam("conversation_id"), Params.longParam(ctx, "after_seq"),
                    Params.longParam(ctx, "before_seq"), Params.limit(ctx, 50, MAX_PAGE));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("conversation_id", page.conversationId());
            body.put("messages", JsonViews.list(page.messages(), JsonViews::message));
            body.put("has_more", page.hasMore());
            ctx.json(body);
        });
        app.patch("/users/{user_id}/conversations/{conversation_id}", ctx -> {
            String id = ctx.pathParam("conversation_id");
            conversations.setStatus(user(ctx), id, AdminRequests.setStatus(WireBody.of(ctx)));
            ctx.json(JsonViews.conversationView(conversations.view(user(ctx), id))); // the inbox view, as GET answers
        });
        app.post("/users/{user_id}/conversations/{conversation_id}/messages", ctx -> ctx.status(202).json(JsonViews.message(
                conversations.send(user(ctx), ctx.pathParam("conversation_id"), AdminRequests.operatorMessage(WireBody.of(ctx))))));
        app.get("/users/{user_id}/extractions", ctx -> ctx.json(Map.of("user_id", user(ctx), "extractions",
                JsonViews.list(conversations.extractions(user(ctx), ctx.queryParam("conversation_id"), intParam(ctx, "limit", 50),
                        intParam(ctx, "offset", 0)), JsonViews::extraction))));
    }
}
