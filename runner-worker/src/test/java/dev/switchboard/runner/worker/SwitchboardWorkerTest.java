package dev.switchboard.runner.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.adapters.redis.RedisConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker in this JVM on real PostgreSQL and Redis, fed by an ingest node like runner-http. */
class SwitchboardWorkerTest {
    private final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private final String prefix = TestEnv.newPrefix();
    private IngestNode ingest;
    private SwitchboardWorker worker;

    @BeforeEach
    void start() {
        wiremock.start();
        TestEnv.metaAccepts(wiremock);
        ingest = new IngestNode(TestEnv.databaseUrl(), RedisConfig.fromUrl(TestEnv.REDIS_URL).withKeyPrefix(prefix),
                wiremock.baseUrl() + "/v23.0");
    }

    @AfterEach
    void stop() {
        if (worker != null) worker.close();
        ingest.close();
        wiremock.stop();
        RedisKeys.delete(TestEnv.REDIS_URL, prefix);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestEnv.databaseUrl());
        env.put("REDIS_URL", TestEnv.REDIS_URL);
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("WORKER_PORT", "0");
        env.put("WORKER_CONCURRENCY", "2");
        env.put("WORKER_LEASE_TIME", "10000");
        env.put("WORKER_SHUTDOWN_GRACE", "10000");
        env.put("WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0");
        env.put("OPENAI_BASE_URL", wiremock.baseUrl() + "/v1");
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_MAX_RETRIES", "0");
        return env;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + worker.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int sends(String pn) {
        return wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + pn + "/messages"))).size();
    }

    /** One sample of the Prometheus text, by its name and labels as written there. */
    private double metric(String name) throws Exception {
        return get("/metrics").body().lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1))).orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void a_message_ingested_by_another_node_is_answered_by_the_worker_and_counted() throws Exception {
        TestEnv.openAi(wiremock, 0);
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()));
        String pn = ingest.tenantWithAgent(0, 10, null).phoneNumberId();
        ingest.receive(TestEnv.message(pn, "16505551234", "wamid." + UUID.randomUUID(), "Oi, tudo bem?"));

        TestEnv.await("the reply sent to Meta", Duration.ofSeconds(15), () -> sends(pn) == 1);
        TestEnv.await("the turn counted", Duration.ofSeconds(5), () -> {
            try {
                return metric("switchboard_worker_tasks_done_total{kind=\"turn\"}") == 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(metric("switchboard_worker_in_flight")).isZero();
        assertThat(metric("switchboard_worker_concurrency")).isEqualTo(2);
        assertThat(metric("switchboard_turns_total{outcome=\"replied\"}")).isEqualTo(1);
        assertThat(metric("switchboard_sends_total{channel=\"whatsapp\",outcome=\"sent\"}")).isEqualTo(1);
        assertThat(metric("switchboard_model_calls_seconds_count{outcome=\"answered\"}")).isEqualTo(1);
        // the turn's queue take, lock, confirm, release and finish at least, in no more round trips than calls
        // (round trips read first: the worker keeps polling the queue, and a call is counted before its round trip)
        double roundTrips = metric("switchboard_redis_script_round_trips_total");
        double scriptCalls = metric("switchboard_redis_script_calls_total");
        assertThat(scriptCalls).isGreaterThanOrEqualTo(5);
        assertThat(roundTrips).isBetween(1.0, scriptCalls);
        assertThat(get("/metrics").body()).contains("jvm_memory_used_bytes");
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"database\":\"up\",\"queue\":\"up\"}");
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void an_agent_edited_on_a_server_node_is_used_by_the_worker_at_once_not_after_its_cache_ttl() throws Exception {
        TestEnv.openAi(wiremock, 0);
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()));
        var account = ingest.tenantWithAgent(0, 10, null);
        String pn = account.phoneNumberId();
        ingest.receive(TestEnv.message(pn, "16505551234", "wamid." + UUID.randomUUID(), "Oi"));
        TestEnv.await("the first reply", Duration.ofSeconds(15), () -> sends(pn) == 1);

        String agentId = ingest.engine.agents().list(account.tenantId()).getFirst().id();
        ingest.engine.agents().update(account.tenantId(), agentId,
                dev.switchboard.core.usecase.UpdateAgent.builder().promptId("pmpt_edited").build());
        ingest.receive(TestEnv.message(pn, "16505551234", "wamid." + UUID.randomUUID(), "E agora?"));
        TestEnv.await("the second reply", Duration.ofSeconds(15), () -> sends(pn) == 2);

        // the worker's lookup cache keeps entries 30 s: only the Redis invalidation makes it see the edit now
        var prompts = wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).stream()
                .map(r -> r.getBodyAsString().contains("pmpt_edited")).toList();
        assertThat(prompts).containsExactly(false, true);
    }

    @Test
    void health_says_the_queue_is_down_when_redis_does_not_answer() throws Exception {
        TestEnv.openAi(wiremock, 0);
        Map<String, String> env = env();
        try (ServerSocket unused = new ServerSocket(0)) {
            env.put("REDIS_URL", "redis://127.0.0.1:" + unused.getLocalPort());
        }
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env));
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"status\":\"degraded\",\"database\":\"up\",\"queue\":\"down\"}");
    }

    @Test
    void a_port_in_use_fails_the_start_with_a_message_naming_it() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            Map<String, String> env = env();
            env.put("WORKER_PORT", Integer.toString(busy.getLocalPort()));
            assertThatThrownBy(() -> SwitchboardWorker.start(WorkerConfig.fromEnv(env))).hasMessageContaining("WORKER_PORT");
        }
    }

    @Test
    void closing_waits_for_the_turn_in_flight_to_be_answered() throws Exception {
        TestEnv.openAi(wiremock, 1_500);
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()));
        String pn = ingest.tenantWithAgent(0, 10, null).phoneNumberId();
        ingest.receive(TestEnv.message(pn, "16505551234", "wamid." + UUID.randomUUID(), "Oi, tudo bem?"));
        TestEnv.await("the turn in flight", Duration.ofSeconds(10), () -> {
            try {
                return metric("switchboard_worker_in_flight") == 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(sends(pn)).isZero();

        worker.close();
        worker = null;
        assertThat(sends(pn)).as("the reply went out before close returned").isEqualTo(1);
    }

    @Test
    void a_turn_still_thinking_when_the_grace_ends_is_handed_back_and_the_next_worker_answers_it_without_a_fallback() throws Exception {
        TestEnv.openAi(wiremock, 4_000);
        Map<String, String> env = env();
        env.put("WORKER_SHUTDOWN_GRACE", "300");
        env.put("OPENAI_TIMEOUT", "20000");
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env));
        String pn = ingest.tenantWithAgent(0, 10, null).phoneNumberId();
        ingest.receive(TestEnv.message(pn, "16505551234", "wamid." + UUID.randomUUID(), "Oi, tudo bem?"));
        TestEnv.await("the model call under way", Duration.ofSeconds(10),
                () -> wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).size() == 1);

        worker.close(); // 300 ms of grace against a 4 s model call: the turn is interrupted
        worker = null;
        assertThat(sends(pn)).as("no fallback from the stopped worker").isZero();

        TestEnv.openAi(wiremock, 0);
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()));
        // handed back, not left to its lease: the lease time is 10 s in this test, the wait below 8 s
        TestEnv.await("the next worker's reply", Duration.ofSeconds(8), () -> sends(pn) == 1);
        String sent = wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + pn + "/messages"))).getFirst().getBodyAsString();
        assertThat(sent).as("the model's reply, not the fallback").contains("reply-");
    }

    @Test
    void work_a_redis_that_came_back_empty_forgot_is_found_again_in_postgresql_and_done_once() throws Exception {
        TestEnv.openAi(wiremock, 0);
        // the sweep every second, for conversations quiet for a second (production: 30 s and 30 s)
        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()), s -> s.withSweep(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        String pn = ingest.tenantWithAgent(3_000, 100, null).phoneNumberId();
        int customers = 20;
        String run = UUID.randomUUID().toString().substring(0, 8); // the sweep also finds other tests' leftovers in this database
        for (int i = 0; i < customers; i++) {
            ingest.receive(TestEnv.message(pn, "551199990" + String.format("%04d", i), "wamid." + UUID.randomUUID(), "Oi " + run + " " + i));
        }
        // every turn is waiting out its 3 s debounce in Redis's delayed set: Redis now "restarts empty"
        RedisKeys.delete(TestEnv.REDIS_URL, prefix);

        TestEnv.await("every customer answered", Duration.ofSeconds(20), () -> sends(pn) == customers);
        Thread.sleep(2_000); // a second sweep and any stray redelivery would show up by now
        assertThat(sends(pn)).as("each answered once").isEqualTo(customers);
        assertThat(wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")).withRequestBody(containing("Oi " + run))))
                .as("one model call per customer").hasSize(customers);
    }

    @Test
    void deliveries_only_journaled_by_the_ingest_node_are_stored_and_answered_once_also_when_redis_forgot_their_tasks() throws Exception {
        Scene scene = scene(100);
        String pn = scene.pn(), run = scene.run();
        java.util.List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(TestEnv.message(pn, "551199980" + String.format("%04d", i), "wamid." + UUID.randomUUID(), "Oi " + run + " " + i));
        }
        java.util.List<String> entries = new java.util.ArrayList<>();
        // the first five before any worker runs; then Redis "restarts empty": their tasks are lost, their entries are not
        for (int i = 0; i < 5; i++) entries.add(ingest.accept(bodies.get(i)).journaled());
        assertThat(entries).doesNotContainNull();
        RedisKeys.delete(TestEnv.REDIS_URL, prefix);
        assertThat(ingest.engine.stores().conversations().list(scene.account().tenantId(), dev.switchboard.core.store.ConversationQuery.all()))
                .as("nothing stored on the webhook path").isEmpty();

        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()), s -> s.withSweep(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        TestEnv.await("the five found again by the sweep and answered", Duration.ofSeconds(20), () -> sends(pn) == 5);
        // the other five while the worker runs, each delivered twice (a provider's retry)
        for (int i = 5; i < 10; i++) {
            entries.add(ingest.accept(bodies.get(i)).journaled());
            entries.add(ingest.accept(bodies.get(i)).journaled());
        }
        TestEnv.await("every customer answered", Duration.ofSeconds(20), () -> sends(pn) == 10);
        TestEnv.await("every journal entry processed", Duration.ofSeconds(10),
                () -> journaled(entries) == 0);
        Thread.sleep(1_500); // another sweep, and any stray second processing, would show by now
        assertThat(sends(pn)).as("each answered once").isEqualTo(10);
        assertThat(wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")).withRequestBody(containing("Oi " + run))))
                .as("one model call per customer").hasSize(10);
        assertThat(metric("switchboard_worker_tasks_done_total{kind=\"receive\"}")).isGreaterThanOrEqualTo(15);
    }

    @Test
    void a_burst_journaled_in_batches_is_stored_by_one_task_per_batch_and_every_customer_answered_once() throws Exception {
        Scene scene = scene(100);
        String pn = scene.pn(), run = scene.run();
        int customers = 48;
        java.util.List<String> entries = dev.switchboard.testkit.Concurrently.run(customers, customers, i -> ingest.accept(
                TestEnv.message(pn, "551199970" + String.format("%04d", i), "wamid." + UUID.randomUUID(), "Oi " + run + " " + i)).journaled());
        long batches = journalBatches(entries);
        assertThat(batches).as("concurrent webhooks share journal batches").isLessThan(customers);

        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()));
        TestEnv.await("every customer answered", Duration.ofSeconds(20), () -> sends(pn) == customers);
        TestEnv.await("every journal entry processed", Duration.ofSeconds(10), () -> journaled(entries) == 0);
        assertThat(metric("switchboard_worker_tasks_done_total{kind=\"receive\"}")).as("one receive task per batch")
                .isEqualTo((double) batches);
        assertThat(wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")).withRequestBody(containing("Oi " + run))))
                .as("one model call per customer").hasSize(customers);
    }

    @Test
    void each_customers_messages_journaled_in_several_batches_are_stored_in_the_order_received() throws Exception {
        Scene scene = scene(1000);
        String pn = scene.pn(), run = scene.run();
        int customers = 12, each = 4;
        // each customer writes four times, one after the other; the customers at the same time, so batches mix them
        java.util.List<String> entries = dev.switchboard.testkit.Concurrently.run(customers, customers, i -> {
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int k = 0; k < each; k++) {
                ids.add(ingest.accept(TestEnv.message(pn, "551199960" + String.format("%04d", i), "wamid." + UUID.randomUUID(),
                        "Seq " + run + " " + i + " " + k)).journaled());
            }
            return ids;
        }).stream().flatMap(java.util.List::stream).toList();
        assertThat(journalBatches(entries)).as("a customer's messages span batches").isGreaterThan(each - 1);

        worker = SwitchboardWorker.start(WorkerConfig.fromEnv(env()));
        TestEnv.await("every journal entry processed", Duration.ofSeconds(20), () -> journaled(entries) == 0);
        for (int i = 0; i < customers; i++) {
            String prefix = "Seq " + run + " " + i + " ";
            assertThat(inboundTexts(prefix)).as("customer %d, in seq order", i)
                    .containsExactly(java.util.stream.IntStream.range(0, each).mapToObj(k -> prefix + k)
                            .toArray(String[]::new));
        }
    }

    /** The inbound texts starting with {@code prefix}, in their conversation's order. */
    private static java.util.List<String> inboundTexts(String prefix) {
        try (var c = java.sql.DriverManager.getConnection(TestEnv.jdbcUrl(), "postgres", "");
             var st = c.prepareStatement("SELECT text FROM messages WHERE direction = 'inbound' AND text LIKE ? ORDER BY seq")) {
            st.setString(1, prefix + "%");
            java.util.List<String> texts = new java.util.ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) texts.add(rs.getString(1));
            }
            return texts;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tenant whose agent answers at once, with {@code credits}, on the ingest node; the OpenAI stub; a run id for the texts. */
    private record Scene(IngestNode.Account account, String pn, String run) {}

    private Scene scene(int credits) {
        TestEnv.openAi(wiremock, 0);
        IngestNode.Account account = ingest.tenantWithAgent(0, credits, null);
        return new Scene(account, account.phoneNumberId(), UUID.randomUUID().toString().substring(0, 8));
    }

    /** How many journal batches these entries were written in. */
    private static long journalBatches(java.util.List<String> ids) {
        return count("SELECT count(DISTINCT batch) FROM inbound_journal WHERE id = ANY(?)", ids);
    }

    /** How many of these journal entries are still in the journal. */
    private static long journaled(java.util.List<String> ids) {
        return count("SELECT count(*) FROM inbound_journal WHERE id = ANY(?)", ids);
    }

    private static long count(String sql, java.util.List<String> ids) {
        try (var c = java.sql.DriverManager.getConnection(TestEnv.jdbcUrl(), "postgres", "");
             var st = c.prepareStatement(sql)) {
            st.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
