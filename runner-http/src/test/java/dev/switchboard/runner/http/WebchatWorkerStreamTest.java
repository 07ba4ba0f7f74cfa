package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.usecase.SendOperatorMessage;
import dev.switchboard.runner.common.Models;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message another process stores (here a second engine with its own PostgreSQL pool, as a
 * separate worker or another server node would) reaches the open visitor stream of its conversation
 * through the tenant's live event feed, not at the stream's 15 s re-read; and only that visitor's.
 */
class WebchatWorkerStreamTest {
    private static final String SHOP = "https://shop.example";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private ServerFixture f;
    private PostgresStores otherPostgres;
    private Switchboard other;

    @BeforeEach
    void start() {
        String db = PgTestDatabase.fresh("sbtest_h41_webchat_worker_stream");
        String secret = "webchat-worker-stream-test-secret";
        // the server runs no turns: every reply in this test is written by the other engine
        f = new ServerFixture(Map.of("DATABASE_URL", db, "WEBCHAT_SECRET", secret, "EMBEDDED_WORKER", "false"), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Unused.");
        ServerConfig oc = ServerConfig.fromEnv(Map.of("DATABASE_URL", db, "ADMIN_API_KEY", ServerFixture.ADMIN_KEY,
                "WEBCHAT_SECRET", secret, "OPENAI_BASE_URL", f.wiremock.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-test-key"));
        otherPostgres = PostgresStores.start(PostgresConfig.fromUrl(db, 4, Duration.ofSeconds(10)));
        other = Switchboard.create(c -> {
            c.stores(otherPostgres.stores()).events(otherPostgres.events());
            oc.channels().configure(c);
            Models.configure(c, oc.openAi());
        });
        other.startWorkers(2); // sends the operator's messages through its own web chat channel
    }

    @AfterEach
    void stop() {
        other.close();
        otherPostgres.close();
        f.close();
    }

    @Test
    void an_operator_message_stored_by_another_process_reaches_only_its_visitors_open_stream_at_once_and_once() {
        String user = "usr_h41_stream";
        String widget = WebchatVisitor.widget(f, user, SHOP);
        String tenant = f.server.engine().tenants().get(user).id();
        WebchatVisitor ana = new WebchatVisitor(f, widget, SHOP).session();
        WebchatVisitor bruno = new WebchatVisitor(f, widget, SHOP).session();
        assertThat(ana.post("Ana here", "a1").statusCode()).isEqualTo(202);
        assertThat(bruno.post("Bruno here", "b1").statusCode()).isEqualTo(202);

        try (SseClient anaStream = visitorStream(widget, ana); SseClient brunoStream = visitorStream(widget, bruno)) {
            anaStream.nextEvent("message", fr -> fr.data().contains("Ana here"), PROMPTLY);
            brunoStream.nextEvent("message", fr -> fr.data().contains("Bruno here"), PROMPTLY);

            long sent = System.nanoTime();
            Message first = other.conversations().send(tenant, conversationOf(tenant, widget, ana), SendOperatorMessage.text("Hi Ana, first"));
            var arrived = anaStream.nextEvent("message", fr -> first.id().equals(fr.id()), PROMPTLY);
            assertThat(Json.read(arrived.data()).get("sender").asText()).isEqualTo("human");
            long latencyMs = (arrived.receivedNanos() - sent) / 1_000_000;

            // a later message (and the first one's sent status on the way) must not bring the first one again
            Message second = other.conversations().send(tenant, conversationOf(tenant, widget, ana), SendOperatorMessage.text("Hi Ana, second"));
            anaStream.nextEvent("message", fr -> second.id().equals(fr.id()), PROMPTLY);
            assertThat(anaStream.events()).filteredOn(fr -> first.id().equals(fr.id())).hasSize(1);

            Message toBruno = other.conversations().send(tenant, conversationOf(tenant, widget, bruno), SendOperatorMessage.text("Hi Bruno"));
            brunoStream.nextEvent("message", fr -> toBruno.id().equals(fr.id()), PROMPTLY);
            assertThat(brunoStream.events()).as("Bruno's stream woke for Ana's messages but read only his own")
                    .noneMatch(fr -> fr.data().contains("Ana"));
            assertThat(anaStream.events()).noneMatch(fr -> fr.data().contains("Bruno"));
            System.out.printf("web chat latency (message stored by another engine): %d ms to the visitor's open stream%n", latencyMs);
        }
    }

    private static SseClient visitorStream(String widget, WebchatVisitor visitor) {
        SseClient sse = SseClient.open(visitor.server.url("/webchat/" + widget + "/stream"), "Authorization", "Bearer " + visitor.token, null);
        assertThat(sse.status).isEqualTo(200);
        return sse;
    }

    /** The visitor's conversation, found through the other engine's own stores. */
    private String conversationOf(String tenant, String widget, WebchatVisitor visitor) {
        String visitorId = Json.read(visitor.startSession().body()).get("visitor_id").asText();
        var contact = other.stores().contacts().findByChannelUser(tenant, WebchatChannel.CHANNEL, visitorId).orElseThrow();
        return other.stores().conversations().messages(tenant, new MessageQuery(null, widget, contact.id(), 10, 0)).getFirst().conversationId();
    }
}
