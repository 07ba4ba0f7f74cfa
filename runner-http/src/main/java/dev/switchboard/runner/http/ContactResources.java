package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.intParam;
import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.ContactQuery;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tenant's contacts (issue 11): searched by name or phone, and one with its conversations. */
final class ContactResources {
    private ContactResources() {}

    static void install(Javalin app, Switchboard engine) {
        var contacts = engine.contacts();
        app.get("/users/{user_id}/contacts", ctx -> {
            var query = new ContactQuery(ctx.queryParam("channel"), ctx.queryParam("q"),
                    Params.limit(ctx, 50, ConversationResources.MAX_PAGE), intParam(ctx, "offset", 0));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user_id", user(ctx));
            body.put("contacts", JsonViews.list(contacts.list(user(ctx), query), JsonViews::contact));
            body.put("limit", query.limit());
            body.put("offset", query.offset());
            ctx.json(body);
        });
        app.get("/users/{user_id}/contacts/{contact_id}",
                ctx -> ctx.json(JsonViews.contactDetail(contacts.get(user(ctx), ctx.pathParam("contact_id")))));
    }
}
