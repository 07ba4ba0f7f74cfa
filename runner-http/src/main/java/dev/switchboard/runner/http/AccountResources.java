package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ConnectionState;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.engine.Switchboard;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** {@code /users/{user_id}/phone_numbers}: seed 001's name for channel accounts, and their connection. */
final class AccountResources {
    private AccountResources() {}

    static void install(Javalin app, Switchboard engine) {
        var accounts = engine.channelAccounts();
        Set<String> settingNames = new LinkedHashSet<>();
        for (ChannelDescriptor d : engine.channels().descriptors()) {
            d.registrationFields().stream().filter(RegistrationField::setting).map(RegistrationField::name).forEach(settingNames::add);
        }
        app.get("/users/{user_id}/phone_numbers", ctx -> ctx.json(Map.of("user_id", user(ctx),
                "phone_numbers", JsonViews.list(accounts.list(user(ctx)), JsonViews::account))));
        app.post("/users/{user_id}/phone_numbers", ctx -> {
            var registered = accounts.register(user(ctx), AdminRequests.registerAccount(WireBody.of(ctx), settingNames));
            Map<String, Object> view = JsonViews.account(registered.account());
            view.putAll(registered.details());
            ctx.status(201).json(view);
        });
        app.get("/users/{user_id}/phone_numbers/{phone_number_id}", ctx -> ctx.json(JsonViews.account(accounts.get(user(ctx), id(ctx)))));
        app.get("/users/{user_id}/phone_numbers/{phone_number_id}/whatsapp/status",
                ctx -> ctx.json(connection(accounts.connectionState(user(ctx), id(ctx)))));
        // an optional {"number": "+55…"} asks for a pairing code for that phone too
        app.post("/users/{user_id}/phone_numbers/{phone_number_id}/whatsapp/connect", ctx -> ctx.json(connection(
                accounts.connect(user(ctx), id(ctx), ctx.body().isBlank() ? null : WireBody.of(ctx).optional("number")))));
        app.post("/users/{user_id}/phone_numbers/{phone_number_id}/whatsapp/disconnect", ctx -> {
            accounts.disconnect(user(ctx), id(ctx));
            ctx.json(Map.of("state", "close"));
        });
        app.delete("/users/{user_id}/phone_numbers/{phone_number_id}", ctx -> {
            accounts.delete(user(ctx), id(ctx));
            ctx.status(204);
        });
    }

    private static String id(io.javalin.http.Context ctx) {
        return ctx.pathParam("phone_number_id");
    }

    private static Map<String, Object> connection(ConnectionState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("qr_base64", s.qrBase64());
        m.put("pairing_code", s.pairingCode());
        return m;
    }
}
