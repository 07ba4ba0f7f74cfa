package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;

/**
 * The production-path bench: a reference app (one insert + one XADD per webhook) and the real
 * server and worker, each its own process, driven by the same signed deliveries; prints one table
 * ({@link Table}). Settings are system properties, see {@link Settings}. Run: {@code bash bench/run.sh}.
 */
public final class Bench {
    static final String SECRET = "bench-app-secret";
    static final String KEY = "bench-admin-key-123";
    /** Every target, in the order they run. */
    static final String ALL = "reference,ingest,ingest-deferred,distributed,distributed-deferred,embedded";

    private final Settings s;
    private final Fakes fakes;
    private final Pg pg;
    private final Load load = new Load();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Row> rows = new ArrayList<>();
    /** Compiler threads under this share of one core: the JIT has settled (see {@link #warmUp}). */
    static final double JIT_SETTLED = 0.05;

    Bench(Settings s, Fakes fakes) {
        this.s = s;
        this.fakes = fakes;
        this.pg = new Pg("jdbc:postgresql://" + s.postgres());
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fromSystemProperties();
        System.out.println(Table.render(run(s), s));
    }

    /** Runs every measurement and returns the table's rows. */
    static List<Row> run(Settings s) throws Exception {
        try (Fakes fakes = new Fakes()) {
            return new Bench(s, fakes).all();
        }
    }

    private List<Row> all() throws Exception {
        String prefix = "sbbench:" + run + ":";
        try {
            // bench.only: a comma list of reference, ingest, ingest-deferred, distributed, distributed-deferred, embedded
            // (default all)
            var only = java.util.Set.of(System.getProperty("bench.only", ALL).split(","));
            if (only.contains("reference")) reference(prefix);
            if (only.contains("ingest")) ingest(prefix + "ingest:", false);
            if (only.contains("ingest-deferred")) ingest(prefix + "ingestd:", true);
            if (only.contains("distributed")) distributed(prefix + "e2e:", false);
            if (only.contains("distributed-deferred")) distributed(prefix + "e2ed:", true);
            if (only.contains("embedded")) embedded();
        } finally {
            try (JedisPooled redis = new JedisPooled(URI.create(s.redis()))) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    var page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                    cursor = page.getCursor();
                    if (!page.getResult().isEmpty()) redis.del(page.getResult().toArray(String[]::new));
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
        return rows;
    }

    private void reference(String prefix) throws Exception {
        String db = s.database() + "_ref";
        pg.fresh(db);
        int port = Proc.freePort();
        Map<String, String> env = Map.of("PORT", Integer.toString(port), "JDBC_URL", pg.jdbcUrl(db), "REDIS_URL", s.redis(),
                "STREAM", prefix + "ref", "WEBHOOK_SECRET", SECRET);
        String base = "http://127.0.0.1:" + port;
        try (Proc ref = Proc.start("reference", ReferenceApp.class.getName(), env, s.logs(), base + "/health")) {
            ingestRows("reference", base, new Webhooks(SECRET, "1065000000", run + "r"), db, ref);
        }
    }

    /** @param deferred WEBHOOK_INGEST=deferred: the webhook only journals the delivery (nothing processes it here) */
    private void ingest(String prefix, boolean deferred) throws Exception {
        pg.fresh(s.database());
        int port = Proc.freePort();
        Map<String, String> env = serverEnv(port);
        env.put("DATABASE_URL", "postgresql://postgres@" + s.postgres() + "/" + s.database());
        env.put("REDIS_URL", s.redis());
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("EMBEDDED_WORKER", "false");
        if (deferred) env.put("WEBHOOK_INGEST", "deferred");
        String base = "http://127.0.0.1:" + port;
        String name = deferred ? "switchboard-ingest-deferred" : "switchboard-ingest";
        try (Proc server = Proc.start(name, "dev.switchboard.runner.http.Main", env, s.logs(), base + "/health")) {
            ingestRows(deferred ? "switchboard pg+redis deferred, no worker" : "switchboard pg+redis, no worker", base,
                    new Webhooks(SECRET, seed(base), run + (deferred ? "j" : "i")), s.database(), server);
        }
    }

    /** @param deferred WEBHOOK_INGEST=deferred on the server: the worker also stores what the webhooks carried */
    private void distributed(String prefix, boolean deferred) throws Exception {
        String db = s.database() + "_e2e";
        pg.fresh(db);
        int port = Proc.freePort(), workerPort = Proc.freePort();
        Map<String, String> env = serverEnv(port);
        env.put("DATABASE_URL", "postgresql://postgres@" + s.postgres() + "/" + db);
        env.put("REDIS_URL", s.redis());
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("EMBEDDED_WORKER", "false");
        if (deferred) env.put("WEBHOOK_INGEST", "deferred");
        String base = "http://127.0.0.1:" + port;
        String suffix = deferred ? "-deferred" : "";
        try (Proc server = Proc.start("switchboard-e2e-server" + suffix, "dev.switchboard.runner.http.Main", env, s.logs(), base + "/health")) {
            Webhooks webhooks = new Webhooks(SECRET, seed(base), run + (deferred ? "e" : "d"));
            Map<String, String> wenv = new HashMap<>(env);
            wenv.put("WORKER_PORT", Integer.toString(workerPort));
            try (Proc worker = Proc.start("switchboard-worker" + suffix, "dev.switchboard.runner.worker.WorkerMain", wenv, s.logs(),
                    "http://127.0.0.1:" + workerPort + "/health")) {
                String target = deferred ? "switchboard deferred (server + worker)" : "switchboard distributed (server + worker)";
                warmUp(base, webhooks, true, target, List.of(server, worker));
                rows.add(endToEnd(target, "open " + s.rate() + "/s", base, webhooks, db, List.of(server, worker),
                        () -> load.open(base + "/webhooks/whatsapp", webhooks, s.rate(), s.length())));
                rows.add(endToEnd(target, "closed " + s.maxConnections(), base, webhooks, db, List.of(server, worker),
                        () -> load.closed(base + "/webhooks/whatsapp", webhooks, s.maxConnections(), s.length())));
            }
        }
    }

    private void embedded() throws Exception {
        int port = Proc.freePort();
        Map<String, String> env = serverEnv(port);
        env.put("STORAGE", "memory"); // without it the server keeps SQLite in ./data, which outlives the run
        env.put("EMBEDDED_WORKER", "true");
        String base = "http://127.0.0.1:" + port;
        try (Proc server = Proc.start("switchboard-embedded", "dev.switchboard.runner.http.Main", env, s.logs(), base + "/health")) {
            Webhooks webhooks = new Webhooks(SECRET, seed(base), run + "m");
            warmUp(base, webhooks, true, "switchboard embedded (memory)", List.of(server));
            rows.add(endToEnd("switchboard embedded (memory)", "closed " + s.maxConnections(), base, webhooks, null, List.of(server),
                    () -> load.closed(base + "/webhooks/whatsapp", webhooks, s.maxConnections(), s.length())));
        }
    }

    /** Closed loop at each connection count, then open loop at the fixed rate; no turns. */
    private void ingestRows(String target, String base, Webhooks webhooks, String db, Proc proc) throws Exception {
        String url = base + "/webhooks/whatsapp";
        warmUp(base, webhooks, false, target, List.of(proc));
        Pg.Counters before = pg.settled(db, s.statsQuiet());
        for (int connections : s.connections()) {
            Cpu.Reading cpu0 = Cpu.Reading.now(List.of(proc));
            Load.Result r = load.closed(url, webhooks, connections, s.length());
            Cpu.Reading cpu = Cpu.Reading.now(List.of(proc)).minus(cpu0);
            Pg.Counters after = pg.settled(db, s.statsQuiet());
            rows.add(Row.of(target, "closed " + connections, r, after.minus(before), 0, 0, proc.rssMb(), cpu));
            before = after;
        }
        Cpu.Reading cpu0 = Cpu.Reading.now(List.of(proc));
        Load.Result r = load.open(url, webhooks, s.rate(), s.length());
        Cpu.Reading cpu = Cpu.Reading.now(List.of(proc)).minus(cpu0);
        rows.add(Row.of(target, "open " + s.rate() + "/s", r, pg.settled(db, s.statsQuiet()).minus(before), 0, 0, proc.rssMb(), cpu));
    }

    /** One load while the workers answer; turns/s from the fake Meta's sends until every accepted webhook is answered. */
    private Row endToEnd(String target, String loadName, String base, Webhooks webhooks, String db, List<Proc> procs, Measure m) throws Exception {
        Proc proc = procs.get(0);
        Pg.Counters before = db == null ? null : pg.settled(db, s.statsQuiet());
        long sends0 = fakes.sends(), start = System.nanoTime();
        Cpu.Reading cpu0 = Cpu.Reading.now(procs);
        Load.Result r = m.run();
        long turns = drain(sends0, r.ok());
        Cpu.Reading cpu = Cpu.Reading.now(procs).minus(cpu0);
        double seconds = Math.max(1e-9, (fakes.lastSendNanos() - start) / 1e9);
        Pg.Counters delta = db == null ? null : pg.settled(db, s.statsQuiet()).minus(before);
        return Row.of(target, loadName, r, delta, turns, turns == 0 ? 0 : turns / seconds, proc.rssMb(), cpu);
    }

    /** Waits until {@code expected} sends arrived after {@code sends0}, or none arrived for {@code drainSeconds}. */
    private long drain(long sends0, long expected) throws InterruptedException {
        long last = -1, idleSince = System.nanoTime();
        while (fakes.sends() - sends0 < expected) {
            long now = fakes.sends();
            if (now != last) {
                last = now;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > s.drain().toNanos()) {
                break;
            }
            Thread.sleep(50);
        }
        return fakes.sends() - sends0;
    }

    /**
     * Loads the target until its JIT has settled: a first round of {@code bench.warmup} seconds at 16
     * connections, then rounds of 5 s at the largest connection count until the measured processes'
     * compiler threads used under {@link #JIT_SETTLED} of one core in the last round, or
     * {@code bench.warmupMax} has passed. A server still compiling spends a core on it (seen: C2 at
     * half a core through a 10 s load after a 10 s warm-up, ten seconds of compile time per new load
     * shape), which measures the JIT, not the server. Seen here: the reference app and the ingest server
     * settle in 35–45 s, embedded in about a minute, distributed (two JVMs) needs more. Prints how long
     * each target took and where its compilers ended.
     */
    private void warmUp(String base, Webhooks webhooks, boolean answered, String target, List<Proc> procs) throws Exception {
        if (s.warmUp().isZero()) return;
        long start = System.nanoTime();
        double share = warmUpRound(base, webhooks, answered, procs, 16, s.warmUp());
        int rounds = 1;
        while (share > JIT_SETTLED && System.nanoTime() - start < s.warmUpMax().toNanos()) {
            share = warmUpRound(base, webhooks, answered, procs, s.maxConnections(), Duration.ofSeconds(5));
            rounds++;
        }
        System.out.printf("warm-up %s: %d round(s), %.0f s, JIT compilers at %.0f%% of a core in the last round%s%n", target,
                rounds, (System.nanoTime() - start) / 1e9, share * 100, share > JIT_SETTLED ? " (bench.warmupMax reached)" : "");
    }

    /** Compiler threads' share of one core during the round (its drain included when {@code answered}). */
    private double warmUpRound(String base, Webhooks webhooks, boolean answered, List<Proc> procs, int connections,
                               Duration length) throws Exception {
        long sends0 = fakes.sends(), t0 = System.nanoTime();
        double jit0 = Cpu.compilerMs(procs);
        Load.Result r = load.closed(base + "/webhooks/whatsapp", webhooks, connections, length);
        if (answered) drain(sends0, r.ok());
        return (Cpu.compilerMs(procs) - jit0) / Math.max(1, (System.nanoTime() - t0) / 1e6);
    }

    private Map<String, String> serverEnv(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("API_PORT", Integer.toString(port));
        env.put("ADMIN_API_KEY", KEY);
        env.put("WEBHOOK_SECRET", SECRET);
        env.put("API_RATE_LIMIT", "0");
        env.put("WHATSAPP_API_BASE_URL", fakes.metaBase());
        env.put("WHATSAPP_MESSAGES_PER_SECOND", "10000");
        env.put("WHATSAPP_PAIR_INTERVAL_MS", "0");
        env.put("OPENAI_BASE_URL", fakes.openAiBase());
        env.put("OPENAI_API_KEY", "sk-bench");
        env.put("MEDIA_MAX_BYTES", "0");
        env.put("MEDIA_DIR", s.logs().resolve("media").toString());
        env.put("LOG_LEVEL", "warn");
        return env;
    }

    /** A tenant, its WhatsApp number, an agent answering at once (debounce 0) and plenty of credits; returns the number's id. */
    private String seed(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String user = "bench_" + run + "_" + base.hashCode() % 1000;
        String pn = "1065" + (100_000_000 + Math.abs((run + base).hashCode()) % 900_000_000);
        admin(http, base, "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        admin(http, base, "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"phone_number_id\":\"" + pn
                + "\",\"external_number\":\"+15550783881\",\"access_token\":\"EAAG-bench-token\"}");
        admin(http, base, "/users/" + user + "/agents", "{\"name\":\"Bench\",\"phone_number_id\":\"" + pn
                + "\",\"instructions\":\"Answer briefly.\",\"debounce_ms\":0}");
        admin(http, base, "/users/" + user + "/credits", "{\"amount\":100000000}");
        return pn;
    }

    private static void admin(HttpClient http, String base, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
    }

    @FunctionalInterface
    interface Measure {
        Load.Result run() throws Exception;
    }

    /** Bench settings (system properties {@code bench.*}). */
    record Settings(Duration length, Duration warmUp, Duration warmUpMax, List<Integer> connections, int rate, Duration drain,
                    String postgres, String redis, String database, Path logs, Duration statsQuiet) {
        static Settings fromSystemProperties() {
            return new Settings(
                    Duration.ofMillis((long) (Double.parseDouble(System.getProperty("bench.seconds", "20")) * 1000)),
                    Duration.ofMillis((long) (Double.parseDouble(System.getProperty("bench.warmup", "10")) * 1000)),
                    Duration.ofMillis((long) (Double.parseDouble(System.getProperty("bench.warmupMax", "120")) * 1000)),
                    java.util.Arrays.stream(System.getProperty("bench.connections", "16,64").split(",")).map(String::trim).map(Integer::valueOf).toList(),
                    Integer.parseInt(System.getProperty("bench.rate", "300")),
                    Duration.ofSeconds(Long.parseLong(System.getProperty("bench.drain", "30"))),
                    System.getProperty("bench.postgres", "127.0.0.1:5432"),
                    System.getProperty("bench.redis", "redis://127.0.0.1:6379"),
                    System.getProperty("bench.database", "switchboard_bench"),
                    Path.of(System.getProperty("bench.logs", "target/bench-logs")),
                    Duration.ofSeconds(Long.parseLong(System.getProperty("bench.statsQuiet", "11"))));
        }

        int maxConnections() { return connections.stream().mapToInt(Integer::intValue).max().orElse(64); }
    }
}
