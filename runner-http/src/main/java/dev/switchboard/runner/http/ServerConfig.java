package dev.switchboard.runner.http;

import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.runner.common.ChannelSettings;
import dev.switchboard.runner.common.ConfigException;
import dev.switchboard.core.crypto.TokenCipher;
import dev.switchboard.runner.common.Encryption;
import dev.switchboard.runner.common.Env;
import dev.switchboard.runner.common.Logging;
import dev.switchboard.runner.common.MediaSettings;
import dev.switchboard.runner.common.Models;
import java.time.Duration;
import java.util.Map;

/**
 * The server's configuration, read from environment variables (names as in seed 001). Every
 * problem is collected so one start reports all of them, one line each.
 *
 * @param openAi null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the offline model answers
 * @param turnTimeout how long one turn waits for the model, all attempts together (TURN_TIMEOUT, default 25 s)
 * @param apiRateLimit admin API requests a minute per client address (API_RATE_LIMIT; 0 turns the limit off)
 * @param webhookLogRetention webhook log rows older than this are deleted by the sweep (0: kept forever)
 * @param storage where the state is kept ({@link StorageChoice}); {@code databaseUrl} is its DATABASE_URL
 * @param tokenCipher encrypts channel account secrets at rest (ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS);
 *                    null when ENCRYPTION_KEY is not set
 * @param demo on an empty store, create a demo tenant whose web chat answers at {@code /} (DEMO; default: no DATABASE_URL)
 */
public record ServerConfig(
        int apiPort,
        String apiKeyHeader,
        String adminApiKey,
        boolean adminKeyIsDevDefault,
        ChannelSettings channels,
        OpenAiConfig openAi,
        MediaSettings media,
        String databaseUrl,
        String redisUrl,
        String redisKeyPrefix,
        int databasePoolSize,
        Duration databaseTimeout,
        int workerConcurrency,
        int sendMaxAttempts,
        Duration extractionInterval,
        Duration turnTimeout,
        boolean embeddedWorker,
        boolean deferredIngest,
        long apiRateLimit,
        String correlationIdHeader,
        Duration webhookLogRetention,
        StorageChoice storage,
        TokenCipher tokenCipher,
        boolean demo) {

    /** The admin key used in embedded mode when ADMIN_API_KEY is not set (never in production mode). */
    public static final String DEV_ADMIN_KEY = "dev-admin-key";

    public boolean openAiConfigured() {
        return openAi != null;
    }

    /** @throws ConfigException listing every problem, one per line */
    public static ServerConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        Logging.check(env);
        String databaseUrl = env.string("DATABASE_URL", null);
        StorageChoice storage = StorageChoice.fromEnv(env);
        String redisUrl = env.string("REDIS_URL", null);
        if (redisUrl != null && !(storage instanceof StorageChoice.Postgres)) {
            env.problem("REDIS_URL needs DATABASE_URL=postgresql://…: with a shared queue every process must share the same"
                    + " PostgreSQL (SQLite and in-memory storage serve one process; unset REDIS_URL to use them)");
        }
        String adminKey = env.string("ADMIN_API_KEY", null);
        boolean devKey = false;
        if (adminKey == null) {
            if (databaseUrl != null) env.problem("ADMIN_API_KEY is required when DATABASE_URL is set (production mode)");
            adminKey = DEV_ADMIN_KEY;
            devKey = true;
        } else if (adminKey.length() < 8) {
            env.problem("ADMIN_API_KEY must be at least 8 characters");
        }
        ServerConfig c = new ServerConfig(
                (int) env.integer("API_PORT", 8080, 0, 65535),
                env.string("API_KEY_HEADER", "x-api-key"),
                adminKey,
                devKey,
                ChannelSettings.fromEnv(env),
                Models.openAiFromEnv(env),
                media(env),
                databaseUrl,
                redisUrl,
                env.string("REDIS_KEY_PREFIX", null),
                (int) env.integer("DATABASE_POOL_SIZE", 20, 1, 500),
                Duration.ofMillis(env.integer("DATABASE_TIMEOUT", 30_000, 100, 600_000)),
                (int) env.integer("WORKER_CONCURRENCY", 10, 1, 1000),
                (int) env.integer("SEND_MAX_ATTEMPTS", 3, 1, 20),
                Duration.ofMillis(env.integer("EXTRACTION_INTERVAL", 300_000, 1_000, 7L * 24 * 3600 * 1000)),
                Models.turnTimeout(env),
                env.bool("EMBEDDED_WORKER", redisUrl == null),
                deferredIngest(env, storage),
                env.integer("API_RATE_LIMIT", 1000, 0, 1_000_000),
                env.string("CORRELATION_ID_HEADER", "x-correlation-id"),
                Duration.ofDays(env.integer("WEBHOOK_LOG_RETENTION_DAYS", 7, 0, 3650)),
                storage,
                Encryption.fromEnv(env),
                env.bool("DEMO", databaseUrl == null));
        env.check();
        return c;
    }

    /** WEBHOOK_INGEST: {@code inline} (default) or {@code deferred}, which keeps its journal in PostgreSQL. */
    private static boolean deferredIngest(Env env, StorageChoice storage) {
        String mode = env.string("WEBHOOK_INGEST", "inline");
        switch (mode) {
            case "inline" -> { return false; }
            case "deferred" -> {
                if (!(storage instanceof StorageChoice.Postgres)) {
                    env.problem("WEBHOOK_INGEST=deferred needs DATABASE_URL=postgresql://…: the inbound journal lives in PostgreSQL");
                }
                return true;
            }
            default -> {
                env.problem("WEBHOOK_INGEST must be inline or deferred, not " + mode);
                return false;
            }
        }
    }

    /** MEDIA_DIR, or {@code ${DATA_DIR}/media} when only DATA_DIR is set, so all the state is under one directory. */
    private static MediaSettings media(Env env) {
        MediaSettings media = MediaSettings.fromEnv(env);
        if (env.string("MEDIA_DIR", null) != null || env.string("DATA_DIR", null) == null) return media;
        return new MediaSettings(java.nio.file.Path.of(env.string("DATA_DIR", "data"), "media").toString(), media.maxBytes());
    }
}
