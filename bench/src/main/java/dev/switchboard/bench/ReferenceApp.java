package dev.switchboard.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;

/**
 * The yardstick: the least a webhook endpoint on PostgreSQL + Redis can do. It checks the
 * signature, inserts the raw body in one autocommitted statement, XADDs it to one stream and answers
 * 200. Run as its own process by the bench; env: {@code PORT}, {@code JDBC_URL}, {@code REDIS_URL},
 * {@code STREAM}, {@code WEBHOOK_SECRET}.
 */
public final class ReferenceApp {
    private ReferenceApp() {}

    public static void main(String[] args) throws Exception {
        // the server's logging at LOG_LEVEL=warn (runner-common Logging); without this Logback logs every
        // Hikari and Jetty event at DEBUG and the yardstick spends its time writing log lines
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> env = System.getenv();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(env.get("JDBC_URL"));
        hc.setUsername("postgres");
        hc.setMaximumPoolSize(20);
        HikariDataSource db = new HikariDataSource(hc);
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS webhooks (id bigserial PRIMARY KEY, body text NOT NULL,"
                    + " received_at timestamptz NOT NULL DEFAULT now())");
        }
        var pool = new redis.clients.jedis.ConnectionPoolConfig();
        pool.setMaxTotal(20);
        JedisPooled redis = new JedisPooled(pool, java.net.URI.create(env.get("REDIS_URL")));
        String stream = env.get("STREAM");
        String secret = env.get("WEBHOOK_SECRET");
        // Javalin on Jetty with virtual threads: the same HTTP stack as the server, so the comparison is the work per webhook.
        Javalin app = Javalin.create(c -> {
            c.useVirtualThreads = true;
            c.showJavalinBanner = false;
        });
        app.get("/health", ctx -> ctx.status(200));
        app.post("/webhooks/whatsapp", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            String sig = ctx.header("X-Hub-Signature-256");
            String expected = "sha256=" + Webhooks.hmac(secret, body);
            if (sig == null || !MessageDigest.isEqual(sig.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                ctx.status(401);
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO webhooks (body) VALUES (?)")) {
                s.setString(1, text);
                s.executeUpdate();
            }
            redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("body", text));
            ctx.status(200).result("{}");
        });
        app.start("127.0.0.1", Integer.parseInt(env.get("PORT")));
    }
}
