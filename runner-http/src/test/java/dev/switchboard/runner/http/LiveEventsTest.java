package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.engine.Switchboard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's live events through the real server on real PostgreSQL, WireMock for Meta and OpenAI:
 * an SSE client sees the inbound message, the bot's reply and Meta's delivery report; resumes with
 * Last-Event-ID; gets a reset for an id the log no longer keeps; sees events another process wrote
 * on the same database; and another tenant's key gets 404.
 */
class LiveEventsTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static String db;
    private static ServerFixture f;

    @BeforeAll
    static void start() {
        db = PgTestDatabase.fresh("sbtest_h22_live_events");
        f = new ServerFixture(Map.of("DATABASE_URL", db), s -> s.eventsKeepAlive(Duration.ofMillis(700)));
        OpenAiStubs.replyWith(f.wiremock, "Sim, temos em azul.");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String wamid() {
        return "wamid.HBgL" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String key(String user) {
        return f.adminOk("POST", "/users/" + user + "/api_keys", "{\"name\":\"console\"}").get("api_key").asText();
    }

    private static SseClient stream(String user, String key, String lastEventId) {
        SseClient sse = SseClient.open(f.url("/users/" + user + "/events"), "x-api-key", key, lastEventId);
        assertThat(sse.status).isEqualTo(200);
        assertThat(sse.contentType).startsWith("text/event-stream");
        sse.next(fr -> "connected".equals(fr.comment()), WITHIN, "the connected comment");
        return sse;
    }

    private static long ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    @Test
    void inbound_message_bot_reply_and_delivered_status_reach_the_stream_within_five_seconds() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        try (SseClient sse = stream(t.userId(), key(t.userId()), null)) {
            long posted = System.nanoTime();
            assertThat(f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", wamid(), "Tem azul?")).statusCode()).isEqualTo(200);

            var inbound = sse.nextEvent("message.created", fr -> Json.read(fr.data()).get("direction").asText().equals("inbound"), WITHIN);
            JsonNode in = Json.read(inbound.data());
            assertThat(in.get("text").asText()).isEqualTo("Tem azul?");
            assertThat(in.get("sender").asText()).isEqualTo("user");
            var conv = sse.events().stream().filter(e -> e.event().equals("conversation.updated")).findFirst();
            assertThat(conv).as("the new conversation").isPresent();
            JsonNode convData = Json.read(conv.get().data());
            assertThat(convData.get("conversation_id").asText()).isEqualTo(in.get("conversation_id").asText());
            assertThat(convData.get("handled_by").asText()).as("the inbox view, as GET /conversations/{id} shows it").isEqualTo("bot");
            assertThat(convData.get("contact").get("contact_id").asText()).isEqualTo(convData.get("contact_id").asText());

            var reply = sse.nextEvent("message.created", fr -> Json.read(fr.data()).get("direction").asText().equals("outbound"), WITHIN);
            JsonNode out = Json.read(reply.data());
            assertThat(out.get("sender").asText()).isEqualTo("agent");
            assertThat(out.get("text").asText()).isEqualTo("Sim, temos em azul.");
            String replyId = out.get("message_id").asText();

            ServerFixture.await("the reply sent to Meta", () -> f.wiremock.findAll(
                    postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).size() == 1);
            sse.nextEvent("message.updated", fr -> Json.read(fr.data()).get("status").asText().equals("sent"), WITHIN);
            String replyWamid = f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages").findValues("external_id")
                    .stream().filter(n -> !n.isNull()).map(JsonNode::asText).filter(id -> !id.isEmpty()).toList().getLast();

            long statusPosted = System.nanoTime();
            assertThat(f.postWebhook(MetaPayloads.status(t.phoneNumberId(), replyWamid, "delivered", null)).statusCode()).isEqualTo(200);
            var delivered = sse.nextEvent("message.updated", fr -> Json.read(fr.data()).get("status").asText().equals("delivered"), WITHIN);
            assertThat(Json.read(delivered.data()).get("message_id").asText()).isEqualTo(replyId);

            List<Long> ids = sse.events().stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).as("ids increase").isSorted().doesNotHaveDuplicates();
            System.out.printf("live events latency: inbound %d ms after the webhook was posted, bot reply %d ms,"
                            + " delivered %d ms after its status webhook was posted%n",
                    ms(posted, inbound.receivedNanos()), ms(posted, reply.receivedNanos()), ms(statusPosted, delivered.receivedNanos()));
        }
    }

    @Test
    void a_reconnect_with_last_event_id_gets_what_happened_while_away_once_and_a_too_old_id_gets_reset() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String key = key(t.userId());
        String lastId;
        try (SseClient sse = stream(t.userId(), key, null)) {
            f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550001", wamid(), "Oi"));
            lastId = sse.nextEvent("message.created", fr -> Json.read(fr.data()).get("direction").asText().equals("outbound"), WITHIN).id();
        }
        // while disconnected: another inbound, its reply, and an operator's takeover
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550001", wamid(), "Quanto custa?"));
        ServerFixture.await("the second reply", () -> f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages").size() == 4);
        String convId = f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).get("conversations").get(0).get("conversation_id").asText();
        f.adminOk("PATCH", "/users/" + t.userId() + "/conversations/" + convId, "{\"status\":\"paused\"}");
        ServerFixture.await("the reply sent", () -> f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages")
                .findValues("status").stream().noneMatch(s -> s.asText().equals("pending")));
        long missedHead = f.server.engine().events().head(t.userId());
        assertThat(missedHead).isGreaterThan(Long.parseLong(lastId));

        try (SseClient resumed = stream(t.userId(), key, lastId)) {
            resumed.next(fr -> fr.id() != null && Long.parseLong(fr.id()) == missedHead, WITHIN, "the newest event");
            f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550001", wamid(), "Obrigado"));
            resumed.nextEvent("message.created", fr -> Json.read(fr.data()).path("text").asText().equals("Obrigado"), WITHIN);
            List<Long> ids = resumed.events().stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids.getFirst()).as("starts right after the last id seen").isEqualTo(Long.parseLong(lastId) + 1);
            assertThat(ids).as("nothing missed, nothing twice").doesNotHaveDuplicates().isSorted();
            assertThat(ids.getLast() - ids.getFirst() + 1).isEqualTo(ids.size());
            assertThat(resumed.events()).anySatisfy(e -> {
                assertThat(e.event()).isEqualTo("conversation.updated");
                assertThat(Json.read(e.data()).get("status").asText()).isEqualTo("paused");
            });
            assertThat(resumed.events()).anySatisfy(e -> assertThat(Json.read(e.data()).path("text").asText()).isEqualTo("Quanto custa?"));
        }

        // the log pruned past the client's id (as after 10,000 newer events): reset, then live events
        long pruned = PgTestDatabase.count(db, "with d as (delete from live_events where tenant_id = '" + t.userId()
                + "' and event_id <= " + lastId + " returning 1) select count(*) from d");
        assertThat(pruned).isEqualTo(Long.parseLong(lastId));
        try (SseClient stale = stream(t.userId(), key, "1")) {
            stale.next(fr -> "reset".equals(fr.event()), WITHIN, "event: reset");
            assertThat(stale.events()).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo("{}"));
            f.adminOk("PATCH", "/users/" + t.userId() + "/conversations/" + convId, "{\"status\":\"active\"}");
            stale.nextEvent("conversation.updated", fr -> Json.read(fr.data()).get("status").asText().equals("active"), WITHIN);
            stale.next(fr -> "keep-alive".equals(fr.comment()), Duration.ofSeconds(3), "a keep-alive comment");
        }
    }

    @Test
    void another_tenants_key_gets_404_and_no_key_gets_401() {
        var a = f.tenant(1, "");
        var b = f.tenant(1, "");
        String bKey = key(b.userId());
        try (SseClient other = SseClient.open(f.url("/users/" + a.userId() + "/events"), "x-api-key", bKey, null)) {
            assertThat(other.status).isEqualTo(404);
        }
        try (SseClient none = SseClient.open(f.url("/users/" + a.userId() + "/events"), "x-api-key", null, null)) {
            assertThat(none.status).isEqualTo(401);
        }
        try (SseClient unknown = SseClient.open(f.url("/users/usr_nobody/events"), "x-api-key", ServerFixture.ADMIN_KEY, null)) {
            assertThat(unknown.status).isEqualTo(404);
        }
    }

    @Test
    void events_written_by_another_process_on_the_same_database_reach_the_stream() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550002", wamid(), "Oi"));
        ServerFixture.await("a conversation", () -> f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).get("conversations").size() == 1);
        String convId = f.adminOk("GET", "/users/" + t.userId() + "/conversations", null).get("conversations").get(0).get("conversation_id").asText();

        try (SseClient sse = stream(t.userId(), key(t.userId()), null);
             PostgresStores other = PostgresStores.start(PostgresConfig.fromUrl(db, 2, Duration.ofSeconds(10)));
             Switchboard otherEngine = Switchboard.create(c -> c.stores(other.stores()).events(other.events()))) {
            long written = System.nanoTime();
            otherEngine.stores().conversations().setStatus(convId, ConversationStatus.ESCALATED, "needs a human"); // as a worker escalates
            var escalated = sse.nextEvent("conversation.updated", fr -> Json.read(fr.data()).get("status").asText().equals("escalated"), WITHIN);
            assertThat(Json.read(escalated.data()).get("status_reason").asText()).isEqualTo("needs a human");
            System.out.printf("live events latency: written by another process, on the stream after %d ms%n", ms(written, escalated.receivedNanos()));
        }
    }
}
