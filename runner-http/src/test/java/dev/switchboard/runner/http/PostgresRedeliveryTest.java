package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;

/**
 * On PostgreSQL + Redis the webhook path keeps no dedup keys: {@code accept_inbound} answers a
 * redelivery as a duplicate in the statement that would store it, so a Redis {@code SET NX} in front
 * of it cost every webhook a round trip. Redeliveries, one after another and racing each other, still
 * store the message once.
 */
class PostgresRedeliveryTest {
    private static final String REDIS = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final String PREFIX = "sbtest:redeliver:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static String db;
    private static ServerFixture f;

    @BeforeAll
    static void start() {
        db = PgTestDatabase.fresh("sbtest_redelivery");
        f = new ServerFixture(Map.of("DATABASE_URL", db, "REDIS_URL", REDIS, "REDIS_KEY_PREFIX", PREFIX, "EMBEDDED_WORKER", "false"), s -> {});
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void redeliveries_sequential_and_concurrent_store_the_message_once_without_dedup_keys_in_redis() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String wamid = "wamid.HBgL" + UUID.randomUUID();
        String body = MetaPayloads.message(t.phoneNumberId(), "16505550101", wamid, "Oi, tudo bem?");

        for (int i = 0; i < 3; i++) assertThat(f.postWebhook(body).statusCode()).isEqualTo(200);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Integer>> racing = new ArrayList<>();
            for (int i = 0; i < 8; i++) racing.add(() -> f.postWebhook(body).statusCode());
            for (var answer : pool.invokeAll(racing)) assertThat(answer.get()).isEqualTo(200);
        }

        assertThat(PgTestDatabase.count(db, "select count(*) from messages where external_id = '" + wamid + "'")).isEqualTo(1);
        // a second message from the same customer is new, not a duplicate of the first
        String second = "wamid.HBgL" + UUID.randomUUID();
        assertThat(f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505550101", second, "Ainda aí?")).statusCode()).isEqualTo(200);
        assertThat(PgTestDatabase.count(db, "select count(*) from messages where direction = 'inbound'")).isEqualTo(2);

        try (JedisPooled redis = new JedisPooled(URI.create(REDIS))) {
            List<String> everything = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = redis.scan(cursor, new ScanParams().match(PREFIX + "*").count(1_000));
                everything.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(everything).as("the queue wrote under the prefix").isNotEmpty();
            assertThat(everything).noneMatch(k -> k.startsWith(PREFIX + "dedup:"));
        }
    }
}
