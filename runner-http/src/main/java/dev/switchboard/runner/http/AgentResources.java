package dev.switchboard.runner.http;

import static dev.switchboard.runner.http.Params.user;

import dev.switchboard.core.engine.Switchboard;
import io.javalin.Javalin;
import java.util.Map;

/** {@code /users/{user_id}/agents}. */
final class AgentResources {
    private AgentResources() {}

    static void install(Javalin app, Switchboard engine) {
        var agents = engine.agents();
        app.get("/users/{user_id}/agents", ctx -> ctx.json(Map.of("user_id", user(ctx),
                "agents", JsonViews.list(agents.list(user(ctx)), JsonViews::agent))));
        app.post("/users/{user_id}/agents",
                ctx -> ctx.status(201).json(JsonViews.agent(agents.create(user(ctx), AdminRequests.createAgent(WireBody.of(ctx))))));
        app.get("/users/{user_id}/agents/{agent_id}", ctx -> ctx.json(JsonViews.agent(agents.get(user(ctx), ctx.pathParam("agent_id")))));
        app.patch("/users/{user_id}/agents/{agent_id}", ctx -> ctx.json(JsonViews.agent(
                agents.update(user(ctx), ctx.pathParam("agent_id"), AdminRequests.updateAgent(WireBody.of(ctx))))));
        app.delete("/users/{user_id}/agents/{agent_id}", ctx -> {
            agents.delete(user(ctx), ctx.pathParam("agent_id"));
            ctx.status(204);
        });
    }
}
