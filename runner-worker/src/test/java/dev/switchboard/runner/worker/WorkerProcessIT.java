package dev.switchboard.runner.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.switchboard.adapters.redis.RedisConfig;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.testkit.net.TcpProxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's must-show items with real processes: switchboard-worker.jar started with java -jar on
 * PostgreSQL and Redis, WireMock standing in for Meta and OpenAI, and two ingest nodes in this JVM
 * doing what runner-http does with REDIS_URL (store in PostgreSQL, enqueue on Redis). Redis is
 * reached through a proxy the test can cut, so "Redis stopped" does not stop the Redis other tests use.
 * Each test prints what it measured.
 */
class WorkerProcessIT {
    private static final int CONCURRENCY = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(120));
    private final WorkerProcesses workers = new WorkerProcesses();
    private final String prefix = TestEnv.newPrefix();
    private TcpProxy redisProxy;
    private IngestNode node1, node2;

    @BeforeEach
    void start() throws Exception {
        wiremock.start();
        TestEnv.metaAccepts(wiremock);
        TestEnv.openAi(wiremock, 20);
        URI redis = URI.create(TestEnv.REDIS_URL);
        redisProxy = new TcpProxy(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
        RedisConfig viaProxy = RedisConfig.fromUrl(redisUrl()).withKeyPrefix(prefix);
        node1 = new IngestNode(TestEnv.databaseUrl(), viaProxy, wiremock.baseUrl() + "/v23.0");
        node2 = new IngestNode(TestEnv.databaseUrl(), viaProxy, wiremock.baseUrl() + "/v23.0");
    }

    @AfterEach
    void stop() throws Exception {
        workers.close();
        node1.close();
        node2.close();
        redisProxy.close();
        wiremock.stop();
        RedisKeys.delete(TestEnv.REDIS_URL, prefix);
    }

    private String redisUrl() {
        return "redis://127.0.0.1:" + redisProxy.port();
    }

    private Map<String, String> workerEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestEnv.databaseUrl());
        env.put("DATABASE_POOL_SIZE", "12");
        env.put("REDIS_URL", redisUrl());
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("WORKER_CONCURRENCY", Integer.toString(CONCURRENCY));
        env.put("WORKER_LEASE_TIME", "6000");
        env.put("WORKER_SHUTDOWN_GRACE", "10000");
        env.put("WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0");
        env.put("OPENAI_BASE_URL", wiremock.baseUrl() + "/v1");
        env.put("OPENAI_API_KEY", "sk-it");
        env.put("OPENAI_MAX_RETRIES", "0");
        env.put("OPENAI_TIMEOUT", "5000");
        // Meta's one-message-per-6-s per customer would pace these customers' rapid replies; measure the rest
        env.put("WHATSAPP_PAIR_INTERVAL_MS", "0");
        return env;
    }

    // ---- load ----

    /**
     * Customers writing {@code perConversation} messages each, spread over both ingest nodes; with
     * {@code replyAfter > 0} each customer waits for the answer to its first {@code replyAfter}
     * messages before writing the rest, so every conversation has at least two replies to keep in order.
     */
    private final class Load {
        final IngestNode.Account account;
        final List<String> customers = new ArrayList<>();
        final int perConversation;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Thread runner;
        final long startedAt = System.nanoTime();

        final int replyAfter;

        Load(IngestNode.Account account, int conversations, int perConversation, int maxPauseMs) {
            this(account, conversations, perConversation, maxPauseMs, 0);
        }

        Load(IngestNode.Account account, int conversations, int perConversation, int maxPauseMs, int replyAfter) {
            this.account = account;
            this.replyAfter = replyAfter;
            this.perConversation = perConversation;
            long base = 1_650_000_0000L + ThreadLocalRandom.current().nextLong(1_000_000);
            for (int i = 0; i < conversations; i++) customers.add(Long.toString(base + (long) i * 7));
            AtomicInteger next = new AtomicInteger();
            runner = Thread.ofVirtual().start(() -> {
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    senders.add(Thread.ofVirtual().start(() -> {
                        for (int c; (c = next.getAndIncrement()) < customers.size(); ) send(customers.get(c), maxPauseMs);
                    }));
                }
                for (Thread s : senders) {
                    try {
                        s.join();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        private void send(String customer, int maxPauseMs) {
            for (int m = 1; m <= perConversation; m++) {
                String body = TestEnv.message(account.phoneNumberId(), customer, "wamid." + UUID.randomUUID(), "msg " + m + " from " + customer);
                try {
                    if ((m % 2 == 0 ? node2 : node1).receive(body).stored() == 1) accepted.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
                try {
                    if (m == replyAfter) awaitAnswered(customer, m);
                    else if (maxPauseMs > 0) Thread.sleep(ThreadLocalRandom.current().nextInt(maxPauseMs + 1));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void awaitAnswered(String customer, int seq) throws InterruptedException {
            TestEnv.await(customer + "'s first reply", Duration.ofSeconds(60), () -> {
                try (Connection c = db(); var st = c.prepareStatement("""
                        select c.answered_through_seq from conversations c join contacts ct on ct.id = c.contact_id
                        where c.tenant_id = ? and ct.channel_user_id = ?""")) {
                    st.setString(1, account.tenantId());
                    st.setString(2, customer);
                    try (ResultSet rs = st.executeQuery()) {
                        return rs.next() && rs.getLong(1) >= seq;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void awaitSent() throws InterruptedException {
            runner.join();
        }

        int expected() {
            return customers.size() * perConversation;
        }
    }

    // ---- what PostgreSQL says ----

    private static HikariDataSource pool;

    /**
     * The test's own queries share a few connections: up to 32 customers poll for their reply every
     * 50 ms, and a connection per poll loaded PostgreSQL (and the machine) with hundreds of
     * connections a second, up to "too many clients".
     */
    private static synchronized Connection db() throws Exception {
        if (pool == null) {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(TestEnv.jdbcUrl());
            c.setUsername("postgres");
            c.setMaximumPoolSize(4);
            c.setPoolName("worker-it");
            pool = new HikariDataSource(c);
        }
        return pool.getConnection();
    }

    @AfterAll
    static void closePool() {
        if (pool != null) pool.close();
    }

    private static long count(String sql, String tenantId) throws Exception {
        try (Connection c = db(); var st = c.prepareStatement(sql)) {
            st.setString(1, tenantId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long answeredConversations(String tenantId) throws Exception {
        return count("select count(*) from conversations where tenant_id = ? and answered_through_seq > 0", tenantId);
    }

    /** Conversations with an inbound message after the watermark or a reply not sent yet. */
    private static long unfinished(String tenantId) throws Exception {
        return count("""
                select count(*) from conversations c where c.tenant_id = ? and (
                  c.answered_through_seq < (select coalesce(max(seq), 0) from messages m where m.conversation_id = c.id and m.direction = 'inbound')
                  or exists (select 1 from messages m where m.conversation_id = c.id and m.direction = 'outbound' and m.status = 'pending'))
                """, tenantId);
    }

    private void awaitAllAnswered(Load load, Duration max) throws Exception {
        load.awaitSent();
        TestEnv.await("every conversation answered", max, () -> {
            try {
                return count("select count(*) from conversations where tenant_id = ?", load.account.tenantId()) == load.customers.size()
                        && unfinished(load.account.tenantId()) == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Replies per customer in conversation order, as PostgreSQL recorded them. */
    private static Map<String, List<String>> recordedReplies(String tenantId) throws Exception {
        Map<String, List<String>> replies = new LinkedHashMap<>();
        try (Connection c = db(); var st = c.prepareStatement("""
                select ct.channel_user_id, m.text from messages m join conversations c on c.id = m.conversation_id
                join contacts ct on ct.id = c.contact_id
                where m.tenant_id = ? and m.direction = 'outbound' and m.sender = 'agent' order by ct.channel_user_id, m.seq
                """)) {
            st.setString(1, tenantId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) replies.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return replies;
    }

    /** Texts Meta received per recipient, in the order it received them. */
    private Map<String, List<String>> sentReplies(String phoneNumberId) throws Exception {
        List<ServeEvent> events = new ArrayList<>(wiremock.getAllServeEvents());
        java.util.Collections.reverse(events); // the journal lists the newest first
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (ServeEvent e : events) {
            if (!e.getRequest().getUrl().equals("/v23.0/" + phoneNumberId + "/messages")) continue;
            JsonNode body = JSON.readTree(e.getRequest().getBodyAsString());
            if (!body.has("to")) continue;
            String to = body.get("to").asText().replaceFirst("^\\+", ""); // sent to the E.164 number
            sent.computeIfAbsent(to, k -> new ArrayList<>()).add(body.path("text").path("body").asText());
        }
        return sent;
    }

    private int modelTurnCalls() {
        return (int) wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).stream()
                .filter(r -> !r.getBodyAsString().contains("lead_extraction")).count();
    }

    /** Every accepted message stored and answered; Meta got each conversation's replies in the recorded order. */
    private Result verify(Load load) throws Exception {
        String tenant = load.account.tenantId();
        assertThat(load.failed.get()).as("ingest calls that failed").isZero();
        assertThat(load.accepted.get()).as("messages accepted").isEqualTo(load.expected());
        assertThat(count("select count(*) from messages where tenant_id = ? and direction = 'inbound'", tenant))
                .as("inbound messages stored").isEqualTo(load.expected());
        assertThat(count("""
                select count(*) from conversations c where c.tenant_id = ?
                and (select direction from messages m where m.conversation_id = c.id order by seq desc limit 1) <> 'outbound'
                """, tenant)).as("conversations whose last message is not a reply").isZero();
        Map<String, List<String>> recorded = recordedReplies(tenant), sent = sentReplies(load.account.phoneNumberId());
        assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(load.customers);
        Map<String, List<ServeEvent>> calls = modelTurnCallsByCustomer(load.customers);
        int duplicateSends = 0, fallbacks = 0, repliesWithoutCall = 0, extraCalls = 0, unexplained = 0, attributedCalls = 0;
        int askedTwice = 0;
        List<String> odd = new ArrayList<>();
        for (String customer : load.customers) {
            List<String> got = sent.getOrDefault(customer, List.of()), mine = recorded.get(customer);
            List<String> once = new ArrayList<>();
            for (String text : got) if (once.isEmpty() || !once.getLast().equals(text)) once.add(text);
            int duplicates = got.size() - once.size();
            int fell = (int) mine.stream().filter(Agent.DEFAULT_FALLBACK_REPLY::equals).count();
            int called = calls.getOrDefault(customer, List.of()).size();
            duplicateSends += duplicates;
            fallbacks += fell;
            repliesWithoutCall += Math.max(0, mine.size() - called);
            extraCalls += Math.max(0, called - mine.size());
            unexplained += Math.max(0, mine.size() - called - fell);
            attributedCalls += called;
            // a Responses turn call carries its burst only (the history is OpenAI's): no message is in two of them
            List<String> asked = calls.getOrDefault(customer, List.of()).stream().flatMap(e -> burstOf(e, customer).stream()).toList();
            int twice = asked.size() - (int) asked.stream().distinct().count();
            askedTwice += twice;
            if (duplicates > 0 || twice > 0 || !got.equals(mine) || called != mine.size()) {
                odd.add(describe(tenant, customer, got, calls.getOrDefault(customer, List.of())));
            }
        }
        Diagnosis diagnosis = new Diagnosis(odd);
        if (!odd.isEmpty()) System.out.println(diagnosis);
        for (String customer : load.customers) {
            List<String> got = sent.getOrDefault(customer, List.of());
            List<String> once = new ArrayList<>();
            for (String text : got) if (once.isEmpty() || !once.getLast().equals(text)) once.add(text);
            assertThat(once).as("replies to " + customer + " in order\n" + diagnosis).isEqualTo(recorded.get(customer));
        }
        int replies = recorded.values().stream().mapToInt(List::size).sum();
        return new Result(replies, modelTurnCalls(), duplicateSends, fallbacks, repliesWithoutCall, extraCalls, unexplained,
                attributedCalls, askedTwice, (System.nanoTime() - load.startedAt) / 1_000_000, diagnosis);
    }

    /** Lines of the workers' logs (this test's workers: each test names its own) that contain {@code text}. */
    private static long workerLogLines(String text) throws Exception {
        long n = 0;
        for (String name : List.of("two-workers-1.log", "two-workers-2.log")) {
            try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("target", "worker-it", name))) {
                n += lines.filter(l -> l.contains(text)).count();
            }
        }
        return n;
    }

    /** What the test saw go wrong, conversation by conversation; printed and attached to the assertion that fails. */
    record Diagnosis(List<String> conversations) {
        @Override
        public String toString() {
            if (conversations.isEmpty()) return "no conversation with a duplicate send, an extra reply or a reply without its model call";
            return conversations.size() + " conversation(s) with a duplicate send, an extra reply or a reply without its model call"
                    + " (the first 10):\n" + String.join("\n", conversations.subList(0, Math.min(10, conversations.size())));
        }
    }

    /** One conversation's rows, Meta's and OpenAI's requests for it, and the workers' log lines that name it. */
    private String describe(String tenantId, String customer, List<String> sent, List<ServeEvent> modelCalls) throws Exception {
        StringBuilder out = new StringBuilder("--- customer " + customer);
        String conversationId = null;
        try (Connection c = db(); var st = c.prepareStatement("""
                select c.id, c.status, c.last_seq, c.answered_through_seq, c.greeted, c.last_agent_message_id, c.last_inbound_at
                from conversations c join contacts ct on ct.id = c.contact_id where c.tenant_id = ? and ct.channel_user_id = ?""")) {
            st.setString(1, tenantId);
            st.setString(2, customer);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    conversationId = rs.getString(1);
                    out.append(String.format("%n  conversation %s status=%s last_seq=%d answered_through=%d greeted=%s last_agent_message=%s last_inbound_at=%s",
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5), rs.getString(6), rs.getTimestamp(7)));
                }
            }
        }
        try (Connection c = db(); var st = c.prepareStatement("""
                select m.seq, m.direction, m.sender, m.status, m.attempts, m.external_id, m.error_code, m.last_error, m.text,
                       m.created_at, m.updated_at, m.id
                from messages m where m.conversation_id = ? order by m.seq""")) {
            st.setString(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.append(String.format("%n  seq %d %s %s %s attempts=%d ext=%s err=%s %s text=\"%s\" created=%s updated=%s id=%s",
                            rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                            rs.getString(7), rs.getString(8) == null ? "" : rs.getString(8), rs.getString(9),
                            rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(), rs.getString(12)));
                }
            }
        }
        out.append(String.format("%n  Meta got %d send(s): %s", sent.size(), sent));
        for (ServeEvent e : sendsTo(customer)) {
            out.append(String.format("%n    send at %s -> %d %s", e.getRequest().getLoggedDate().toInstant(),
                    e.getResponse().getStatus(), e.getResponse().getBodyAsString().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1").strip()));
        }
        out.append(String.format("%n  OpenAI got %d turn call(s)", modelCalls.size()));
        for (ServeEvent e : modelCalls) {
            List<String> asked = burstOf(e, customer);
            // a call whose worker was killed mid-answer has no total time (WireMock never finished writing it)
            Integer took = e.getTiming() == null ? null : e.getTiming().getTotalTime();
            out.append(String.format("%n    call at %s (messages %s) -> %d after %s ms", e.getRequest().getLoggedDate().toInstant(), asked,
                    e.getResponse().getStatus(), took == null ? "?" : took.toString()));
        }
        if (conversationId != null) {
            try (var logs = java.nio.file.Files.list(java.nio.file.Path.of("target", "worker-it"))) {
                for (var log : logs.sorted().toList()) {
                    String id = conversationId;
                    try (var lines = java.nio.file.Files.lines(log)) {
                        lines.filter(l -> l.contains(id)).limit(20)
                                .forEach(l -> out.append(String.format("%n    %s: %s", log.getFileName(), l)));
                    }
                }
            }
        }
        return out.toString();
    }

    /** The numbers of the customer's messages in a turn call's input ("msg 4 from 1650..."). */
    private static List<String> burstOf(ServeEvent call, String customer) {
        List<String> asked = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("msg (\\d+) from " + customer).matcher(call.getRequest().getBodyAsString());
        while (m.find()) asked.add(m.group(1));
        return asked;
    }

    private List<ServeEvent> sendsTo(String customer) {
        List<ServeEvent> events = new ArrayList<>(wiremock.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events.stream().filter(e -> e.getRequest().getUrl().matches("/v23\\.0/[^/]+/messages"))
                .filter(e -> e.getRequest().getBodyAsString().contains("\"to\":\"" + customer + "\"")
                        || e.getRequest().getBodyAsString().contains("\"to\":\"+" + customer + "\""))
                .toList();
    }

    /** Turn calls to OpenAI per customer (its messages are in the request), oldest first. */
    private Map<String, List<ServeEvent>> modelTurnCallsByCustomer(List<String> customers) {
        java.util.Set<String> known = new java.util.HashSet<>(customers);
        List<ServeEvent> events = new ArrayList<>(wiremock.getAllServeEvents());
        java.util.Collections.reverse(events);
        Map<String, List<ServeEvent>> calls = new HashMap<>();
        var from = java.util.regex.Pattern.compile("msg \\d+ from (\\d+)");
        for (ServeEvent e : events) {
            if (!e.getRequest().getUrl().equals("/v1/responses")) continue;
            String body = e.getRequest().getBodyAsString();
            if (body.contains("lead_extraction")) continue;
            var m = from.matcher(body);
            if (m.find() && known.contains(m.group(1))) calls.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(e);
        }
        return calls;
    }

    /**
     * @param fallbacks          replies that are the agent's fallback (the model failed or timed out)
     * @param repliesWithoutCall replies beyond the turn calls OpenAI got for their conversation (a fallback
     *                           whose call never reached OpenAI)
     * @param extraCalls         turn calls beyond the replies of their conversation (a turn done twice)
     * @param unexplained        replies without a model call that are not fallbacks either
     * @param attributedCalls    turn calls that name one of the load's customers
     * @param askedTwice         customer messages that were in the bursts of two turn calls
     */
    record Result(int replies, int modelCalls, int duplicateSends, int fallbacks, int repliesWithoutCall, int extraCalls,
                  int unexplained, int attributedCalls, int askedTwice, long millis, Diagnosis diagnosis) {
        @Override
        public String toString() {
            return replies + " replies (" + fallbacks + " fallbacks, " + repliesWithoutCall + " without a model call), " + modelCalls
                    + " model calls (" + extraCalls + " beyond one per reply, " + askedTwice + " messages asked twice), " + duplicateSends
                    + " duplicate sends, " + millis + " ms";
        }
    }

    // ---- the must-show items ----

    @Test
    void two_workers_answer_1000_conversations_of_5_messages_in_order_and_do_no_turn_twice() throws Exception {
        var w1 = workers.start("two-workers-1", workerEnv());
        var w2 = workers.start("two-workers-2", workerEnv());
        Load load = new Load(node1.tenantWithAgent(0, 1_000_000, null), 1000, 5, 20, 3);
        awaitAllAnswered(load, Duration.ofSeconds(150));

        Result r = verify(load);
        assertThat(recordedReplies(load.account.tenantId()).values()).as("replies per conversation").allSatisfy(replies ->
                assertThat(replies.size()).isGreaterThanOrEqualTo(2));
        System.out.println("two workers, 1000 conversations x 5 messages: " + r);
        assertThat(r.duplicateSends()).as("duplicate sends\n" + r.diagnosis()).isZero();
        assertThat(r.askedTwice()).as("customer messages in the bursts of two model calls (a burst answered twice)\n"
                + r.diagnosis()).isZero();
        assertThat(r.extraCalls()).as("model calls beyond one per reply: a turn done twice\n" + r.diagnosis()).isZero();
        assertThat(r.unexplained()).as("replies without a model call that are not the fallback\n" + r.diagnosis()).isZero();
        assertThat(r.modelCalls()).as("model calls, all for the load's customers").isEqualTo(r.attributedCalls());
        // a fallback is legitimate only after a model call failed or timed out (the machine is shared and
        // may stall a call past OPENAI_TIMEOUT), and the worker says so for each one
        assertThat(workerLogLines("sending the fallback reply")).as("fallback replies, each after a model failure a worker logged")
                .isEqualTo(r.fallbacks());
        assertThat(r.modelCalls()).as("one model call per reply, less fallbacks whose call never reached OpenAI")
                .isEqualTo(r.replies() - r.repliesWithoutCall());
        System.out.printf("two workers, 1000 conversations x 5 messages: %s; turns done by worker 1 / 2: %s / %s%n", r,
                turnsDone(w1), turnsDone(w2));
    }

    @Test
    void kill_9_of_one_worker_mid_load_every_turn_is_completed_by_the_other() throws Exception {
        var doomed = workers.start("kill-1", workerEnv());
        var survivor = workers.start("kill-2", workerEnv());
        Load load = new Load(node1.tenantWithAgent(0, 1_000_000, null), 300, 5, 300);
        TestEnv.await("a third of the conversations answered", Duration.ofSeconds(60),
                () -> answered(load) >= load.customers.size() / 3);
        int inFlight = inFlight(doomed);
        workers.kill(doomed);
        long killedAt = System.nanoTime();
        awaitAllAnswered(load, Duration.ofSeconds(90));

        Result r = verify(load);
        assertThat(r.duplicateSends()).as("at most one duplicate send per turn cut off by the kill").isLessThanOrEqualTo(CONCURRENCY);
        assertThat(r.modelCalls() - r.replies()).as("model calls whose turn died with the worker").isBetween(0, CONCURRENCY);
        System.out.printf("kill -9 mid-load, 300 conversations x 5 messages: %s; %d in flight at the kill; all answered %d ms after it%n",
                r, inFlight, (System.nanoTime() - killedAt) / 1_000_000);
        assertThat(survivor.process().isAlive()).isTrue();
    }

    @Test
    void redis_cut_for_10_seconds_during_load_loses_no_accepted_message() throws Exception {
        workers.start("cut-1", workerEnv());
        workers.start("cut-2", workerEnv());
        Load load = new Load(node1.tenantWithAgent(0, 1_000_000, null), 300, 5, 600);
        TestEnv.await("a fifth of the conversations answered", Duration.ofSeconds(60),
                () -> answered(load) >= load.customers.size() / 5);
        redisProxy.down();
        int acceptedBefore = load.accepted.get();
        Thread.sleep(10_000);
        int acceptedDuring = load.accepted.get() - acceptedBefore;
        redisProxy.up();
        long backAt = System.nanoTime();
        awaitAllAnswered(load, Duration.ofSeconds(90));

        Result r = verify(load);
        assertThat(acceptedDuring).as("webhooks still accepted while Redis was away").isPositive();
        System.out.printf("Redis cut for 10 s, 300 conversations x 5 messages: %s; %d messages accepted during the cut; "
                + "all answered %d ms after Redis came back%n", r, acceptedDuring, (System.nanoTime() - backAt) / 1_000_000);
    }

    @Test
    void a_burst_of_three_within_the_debounce_window_over_two_ingest_nodes_gets_one_model_call_and_one_reply() throws Exception {
        workers.start("burst-1", workerEnv());
        workers.start("burst-2", workerEnv());
        IngestNode.Account account = node1.tenantWithAgent(1500, 1000, null);
        List<String> customers = new ArrayList<>();
        List<Thread> bursts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String customer = Long.toString(1_650_555_0000L + i);
            customers.add(customer);
            bursts.add(Thread.ofVirtual().start(() -> {
                for (int m = 1; m <= 3; m++) {
                    (m == 2 ? node2 : node1).receive(TestEnv.message(account.phoneNumberId(), customer, "wamid." + UUID.randomUUID(),
                            "burst " + customer + " part " + m));
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : bursts) t.join();
        TestEnv.await("every burst answered", Duration.ofSeconds(30), () -> {
            try {
                return count("select count(*) from conversations where tenant_id = ? and answered_through_seq = 3",
                        account.tenantId()) == customers.size() && unfinished(account.tenantId()) == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(2_000); // a second reply would come within the debounce window

        Map<String, List<String>> sent = sentReplies(account.phoneNumberId());
        var modelCalls = wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")));
        for (String customer : customers) {
            assertThat(sent.get(customer)).as("replies to " + customer).hasSize(1);
            assertThat(modelCalls.stream().filter(r -> r.getBodyAsString().contains("burst " + customer + " part ")).count())
                    .as("model calls for " + customer + "'s burst").isEqualTo(1);
        }
        System.out.printf("debounce over two ingest nodes: 20 bursts of 3 messages -> %d model calls, %d replies%n",
                modelCalls.size(), sent.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void a_worker_restarted_while_a_debounce_and_then_an_extraction_is_pending_still_fires_each_once() throws Exception {
        IngestNode.Account account = node1.tenantWithAgent(2500, 1000, 2000);
        String customer = "16505559876";
        var first = workers.start("restart-1", workerEnv());
        node1.receive(TestEnv.message(account.phoneNumberId(), customer, "wamid." + UUID.randomUUID(), "Oi, quero uma demo"));
        assertThat(workers.terminate(first)).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(sentReplies(account.phoneNumberId())).as("nothing sent before the debounce window ended").isEmpty();

        var second = workers.start("restart-2", workerEnv());
        TestEnv.await("the debounced reply", Duration.ofSeconds(20),
                () -> sentRepliesQuietly(account.phoneNumberId()).getOrDefault(customer, List.of()).size() == 1);
        assertThat(workers.terminate(second)).isIn(0, 143);
        long extractions = count("select count(*) from extractions where tenant_id = ?", account.tenantId());

        workers.start("restart-3", workerEnv());
        TestEnv.await("the extraction", Duration.ofSeconds(20), () -> {
            try {
                return count("select count(*) from extractions where tenant_id = ?", account.tenantId()) == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3_000); // a second firing would land within another interval
        assertThat(count("select count(*) from extractions where tenant_id = ?", account.tenantId())).isEqualTo(1);
        assertThat(wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).stream()
                .filter(r -> r.getBodyAsString().contains("lead_extraction")).count()).as("extraction calls").isEqualTo(1);
        assertThat(sentReplies(account.phoneNumberId()).get(customer)).hasSize(1);
        assertThat(modelTurnCalls()).isEqualTo(1);
        System.out.printf("restarts: debounce fired once after a restart; extraction fired once after another (%d before it)%n", extractions);
    }

    private Map<String, List<String>> sentRepliesQuietly(String pn) {
        try {
            return sentReplies(pn);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long answered(Load load) {
        try {
            return answeredConversations(load.account.tenantId());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String turnsDone(WorkerProcesses.Worker w) throws Exception {
        return metric(w, "switchboard_worker_tasks_done_total{kind=\"turn\"}");
    }

    private int inFlight(WorkerProcesses.Worker w) throws Exception {
        return (int) Double.parseDouble(metric(w, "switchboard_worker_in_flight"));
    }

    private String metric(WorkerProcesses.Worker w, String name) throws Exception {
        return workers.metrics(w).lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> l.substring(name.length() + 1)).orElse("?");
    }
}
