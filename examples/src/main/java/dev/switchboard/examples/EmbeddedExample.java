package dev.switchboard.examples;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
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
            var tenant = engine.tenants().create(new CreateTenant(null, "owner@example.com", "Example Co", null));
            engine.channelAccounts().register(tenant.id(), RegisterChannelAccount.of("console", "desk-1", "unused"));
            engine.agents().create(tenant.id(), CreateAgent.builder("Echo").accountId("desk-1").instructions("Echo the customer.")
                    .debounceMs(0L).build());
            engine.credits().add(tenant.id(), AddCredits.of(5));
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
            System.out.println("credits left: " + engine.credits().balance(tenant.id()));
        }
    }
}
