package dev.switchboard.runner.http.bench;

import dev.switchboard.runner.http.ServerConfig;
import dev.switchboard.runner.http.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook path end to end: signed WhatsApp deliveries POSTed over HTTP to the bundled server on
 * PostgreSQL or SQLite (the workers off, so only ingest is timed), from {@code clients} concurrent clients.
 * Prints deliveries per second and the latency Meta sees (it wants a median under 250 ms). Not a
 * test: it prints numbers.
 *
 * <pre>
 * mvn -q -pl runner-http -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/sb-cp.txt
 * java -cp runner-http/target/test-classes:runner-http/target/classes:$(cat /tmp/sb-cp.txt) \
 *     dev.switchboard.runner.http.bench.WebhookBench [deliveries=5000] [clients=16] [database=postgresql://postgres@127.0.0.1:5432/switchboard_bench]
 * </pre>
 * {@code database=sqlite:/tmp/bench/switchboard.db} (or {@code sqlite}: a fresh file in a temp
 * directory) measures the embedded default instead.
 * Every delivery is a new message (a new wamid) from one of 500 customers; a second pass sends the
 * same deliveries again, as Meta's retries do.
 */
public final class WebhookBench {
    private static final String SECRET = "bench-app-secret";
    private static final String KEY = "bench-admin-key";

    private WebhookBench() {}

    public static void main(String[] args) throws Exception {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String database = args.length > 2 ? args[2] : "postgresql://postgres@127.0.0.1:5432/switchboard_bench";
        if (database.equals("sqlite")) {
            database = "sqlite:" + java.nio.file.Files.createTempDirectory("switchboard-bench").resolve("switchboard.db");
        }
        if (!database.startsWith("sqlite:")) createDatabase(database);
        System.out.println("database: " + (database.startsWith("sqlite:") ? database : "PostgreSQL"));

        Map<String, String> env = new HashMap<>();
        env.put("API_PORT", "0");
        env.put("DATABASE_URL", database);
        env.put("ADMIN_API_KEY", KEY);
        env.put("WEBHOOK_SECRET", SECRET);
        env.put("EMBEDDED_WORKER", "false");
        env.put("API_RATE_LIMIT", "0");
        try (SwitchboardServer server = SwitchboardServer.start(ServerConfig.fromEnv(env))) {
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            String base = "http://localhost:" + server.port();
            String user = "bench_" + UUID.randomUUID().toString().substring(0, 8);
            String pn = "1065" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
            admin(http, base, "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
            admin(http, base, "/users/" + user + "/phone_numbers", "{\"type\":\"whatsapp\",\"phone_number_id\":\"" + pn
                    + "\",\"external_number\":\"+15550783881\",\"access_token\":\"EAAG-bench\"}");
            admin(http, base, "/users/" + user + "/agents", "{\"name\":\"Bench\",\"phone_number_id\":\"" + pn + "\",\"instructions\":\"Help.\"}");

            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                bodies.add(message(pn, "5511" + (900000000 + i % 500), "wamid.bench" + UUID.randomUUID().toString().replace("-", ""), "Olá, mensagem " + i));
            }
            run("warm-up", http, base, bodies.subList(0, Math.min(500, deliveries)), clients);
            run("new messages", http, base, bodies.subList(Math.min(500, deliveries), deliveries), clients);
            run("redeliveries", http, base, bodies, clients);
        }
    }

    private static void run(String what, HttpClient http, String base, List<String> bodies, int clients) throws Exception {
        long[] micros = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger(), failed = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
                        String body = bodies.get(i);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp"))
                                .header("X-Hub-Signature-256", "sha256=" + sign(body))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        micros[i] = (System.nanoTime() - t0) / 1_000;
                        if (r.statusCode() != 200) failed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(micros);
        System.out.printf("%-13s %6d deliveries, %2d clients: %7.0f/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms, non-200: %d%n",
                what, bodies.size(), clients, bodies.size() / seconds, micros[micros.length / 2] / 1000.0,
                micros[(int) (micros.length * 0.99)] / 1000.0, micros[micros.length - 1] / 1000.0, failed.get());
    }

    private static void admin(HttpClient http, String base, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
    }

    private static String message(String pn, String from, String wamid, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + pn + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Cliente\"},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1749416383\",\"type\":\"text\","
                + "\"text\":{\"body\":\"" + text + "\"}}]},\"field\":\"messages\"}]}]}";
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void createDatabase(String url) throws Exception {
        String name = url.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        String admin = "jdbc:" + url.replaceFirst("^postgres(ql)?://postgres@", "postgresql://").replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        try (var c = java.sql.DriverManager.getConnection(admin, "postgres", "")) {
            var rs = c.createStatement().executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!rs.next()) c.createStatement().execute("create database " + name);
        }
    }
}
