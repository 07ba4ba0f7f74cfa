package dev.switchboard.examples;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.domain.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Embeds the engine with in-memory adapters, a custom channel and a custom model, and runs one
 * conversation turn: a message in, one reply out. Exits with status 1 if the reply does not arrive.
 */
public final class EmbeddedExample {
    private EmbeddedExample() {}

    public static void main(String[] args) throws Exception {
        ConsoleChannel console = new ConsoleChannel("s3cret");
        AgentModel echoModel = new AgentModel() {
            public ModelReply reply(TurnRequest turn) {
                String burst = turn.burst().stream().map(Message::modelText).collect(Collectors.joining(" / "));
                return ModelReply.text("You said: " + burst);
            }
        };
        try (Switchboard engine = Switchboard.create(c -> c.channel(console).model(echoModel))) {
            var admin = engine.admin();
            var tenant = admin.createTenant(Map.of("email", "owner@example.com", "company_name", "Example Co"));
            admin.addAccount(tenant.id(), Map.of("type", "console", "phone_number_id", "desk-1", "access_token", "unused"));
            admin.createAgent(tenant.id(), Map.of("name", "Echo", "phone_number_id", "desk-1", "instructions", "Echo the customer.",
                    "debounce_ms", 0));
            admin.addCredits(tenant.id(), Map.of("amount", 5));
            engine.startWorkers(2);

            var webhook = WebhookRequest.of(Map.of("X-Console-Token", "s3cret"),
                    "desk-1|alice|msg-1|Hello, is anyone there?".getBytes(StandardCharsets.UTF_8));
            var result = engine.ingest().receive("console", "stdout", webhook);
            System.out.println("ingest: stored=" + result.stored());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (console.outbox().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            if (console.outbox().isEmpty()) {
                System.err.println("no reply within 10 s");
                System.exit(1);
            }
            System.out.println("credits left: " + admin.credits(tenant.id()));
        }
    }
}
