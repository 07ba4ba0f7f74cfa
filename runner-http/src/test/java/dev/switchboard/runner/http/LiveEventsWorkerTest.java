package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.adapters.redis.RedisAdapters;
import dev.switchboard.adapters.redis.RedisConfig;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.runner.common.Models;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Production mode: the server only ingests (PostgreSQL + Redis, no embedded worker) and a separate
 * worker engine — its own PostgreSQL pool and Redis connections, assembled as runner-worker
 * assembles it — runs the turn and sends. The bot's reply, stored by the worker, reaches the
 * server's SSE client through the shared event log.
 */
class LiveEventsWorkerTest {
    private static final String REDIS = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private final String prefix = "sbtest:h22:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private ServerFixture f;
    private PostgresStores workerPostgres;
    private RedisAdapters workerRedis;
    private Switchboard worker;

    @BeforeEach
    void start() {
        String db = PgTestDatabase.fresh("sbtest_h22_live_events_worker");
        f = new ServerFixture(Map.of("DATABASE_URL", db, "REDIS_URL", REDIS, "REDIS_KEY_PREFIX", prefix, "EMBEDDED_WORKER", "false"), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Feito pelo worker.");
        OpenAiStubs.metaAccepts(f.wiremock);

        ServerConfig wc = ServerConfig.fromEnv(Map.of("DATABASE_URL", db, "ADMIN_API_KEY", ServerFixture.ADMIN_KEY,
                "WHATSAPP_API_BASE_URL", f.wiremock.baseUrl() + "/v23.0", "WEBHOOK_SECRET", ServerFixture.APP_SECRET,
                "OPENAI_BASE_URL", f.wiremock.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-test-key", "OPENAI_MAX_RETRIES", "0"));
        workerPostgres = PostgresStores.start(PostgresConfig.fromUrl(db, 4, Duration.ofSeconds(10)));
        workerRedis = RedisAdapters.start(RedisConfig.fromUrl(REDIS).withKeyPrefix(prefix));
        worker = Switchboard.create(c -> {
            c.stores(workerPostgres.stores()).events(workerPostgres.events()).queue(workerRedis.workQueue(Duration.ofMinutes(2)))
                    .locks(workerRedis.locks()).dedup(workerRedis.dedup()).rateLimiter(workerRedis.rateLimiter())
                    .invalidations(workerRedis.invalidations());
            wc.channels().configure(c);
            Models.configure(c, wc.openAi());
        });
        worker.startWorkers(2);
    }

    @AfterEach
    void stop() {
        worker.close();
        workerRedis.close();
        workerPostgres.close();
        f.close();
    }

    @Test
    void the_reply_a_separate_worker_stores_and_sends_reaches_the_servers_stream() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String key = f.adminOk("POST", "/users/" + t.userId() + "/api_keys", "{\"name\":\"console\"}").get("api_key").asText();
        try (SseClient sse = SseClient.open(f.url("/users/" + t.userId() + "/events"), "x-api-key", key, null)) {
            assertThat(sse.status).isEqualTo(200);
            sse.next(fr -> "connected".equals(fr.comment()), Duration.ofSeconds(5), "connected");
            long posted = System.nanoTime();
            f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505559999", "wamid.HBgL" + UUID.randomUUID(), "Oi"));

            var inbound = sse.nextEvent("message.created", fr -> Json.read(fr.data()).get("direction").asText().equals("inbound"), Duration.ofSeconds(5));
            var reply = sse.nextEvent("message.created", fr -> Json.read(fr.data()).get("direction").asText().equals("outbound"), Duration.ofSeconds(5));
            JsonNode out = Json.read(reply.data());
            assertThat(out.get("text").asText()).isEqualTo("Feito pelo worker.");
            var sent = sse.nextEvent("message.updated", fr -> Json.read(fr.data()).get("status").asText().equals("sent"), Duration.ofSeconds(5));
            assertThat(Json.read(sent.data()).get("message_id").asText()).isEqualTo(out.get("message_id").asText());
            System.out.printf("live events latency (separate worker): inbound %d ms, worker's reply %d ms, its sent status %d ms"
                            + " after the webhook was posted%n", (inbound.receivedNanos() - posted) / 1_000_000,
                    (reply.receivedNanos() - posted) / 1_000_000, (sent.receivedNanos() - posted) / 1_000_000);
        }
    }
}
