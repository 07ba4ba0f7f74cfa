package dev.switchboard.runner.worker;

import dev.switchboard.core.crypto.TokenCipher;
import dev.switchboard.runner.common.Encryption;
import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.redis.RedisConfig;
import dev.switchboard.runner.common.ChannelSettings;
import dev.switchboard.runner.common.ConfigException;
import dev.switchboard.runner.common.Env;
import dev.switchboard.runner.common.Logging;
import dev.switchboard.runner.common.MediaSettings;
import dev.switchboard.runner.common.Models;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's configuration, read from environment variables. Every problem is collected so one
 * start reports all of them, one line each. The channel, model and media variables are runner-http's
 * (same names, same defaults, read by the same code): the worker sends the replies for every channel
 * the server ingests.
 *
 * @param openAi        null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the offline model answers;
 *                      its api mode (OPENAI_API) is the default for agents that name none
 * @param modelTimeout  a turn waits this long for the model: the OpenAI timeout times the attempts, plus 5 s
 * @param leaseTime     WORKER_LEASE_TIME (default 30 s): how long a dead worker's tasks (and conversation
 *                      locks) wait before another worker takes them over; a live worker renews its leases
 * @param shutdownGrace WORKER_SHUTDOWN_GRACE: how long SIGTERM waits for turns in flight
 * @param webhookLogRetention WEBHOOK_LOG_RETENTION_DAYS: the sweep deletes older webhook log rows (0 keeps them)
 * @param tokenCipher   ENCRYPTION_KEY (and ENCRYPTION_KEY_PREVIOUS), as the server's: decrypts the
 *                      channel access tokens the worker sends with; null when no key is set
 */
public record WorkerConfig(
        PostgresConfig database,
        RedisConfig redis,
        OpenAiConfig openAi,
        ChannelSettings channels,
        MediaSettings media,
        int concurrency,
        int port,
        int sendMaxAttempts,
        Duration extractionInterval,
        Duration modelTimeout,
        Duration leaseTime,
        Duration shutdownGrace,
        Duration webhookLogRetention,
        TokenCipher tokenCipher) {

    /** @throws ConfigException listing every problem, one per line */
    public static WorkerConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        Logging.check(env);
        PostgresConfig database = env.required("DATABASE_URL", () -> PostgresConfig.fromEnv(vars));
        int concurrency = (int) env.integer("WORKER_CONCURRENCY", 10, 1, 1000);
        RedisConfig redis = env.required("REDIS_URL", () -> {
            RedisConfig c = RedisConfig.fromUrl(vars.get("REDIS_URL"));
            String prefix = env.string("REDIS_KEY_PREFIX", null);
            if (prefix != null) c = c.withKeyPrefix(prefix);
            // each worker thread holds a connection while it waits for work; ingest and locks need more
            return c.withPoolSize((int) env.integer("REDIS_POOL_SIZE", Math.max(RedisConfig.DEFAULT_POOL_SIZE, 2L * concurrency + 8), 1, 10_000));
        });
        OpenAiConfig openAi = Models.openAiFromEnv(env);
        WorkerConfig c = new WorkerConfig(
                database,
                redis,
                openAi,
                ChannelSettings.fromEnv(env),
                MediaSettings.fromEnv(env),
                concurrency,
                (int) env.integer("WORKER_PORT", 8081, 0, 65535),
                (int) env.integer("SEND_MAX_ATTEMPTS", 3, 1, 20),
                Duration.ofMillis(env.integer("EXTRACTION_INTERVAL", 300_000, 1_000, 7L * 24 * 3600 * 1000)),
                Models.turnTimeout(env),
                Duration.ofMillis(env.integer("WORKER_LEASE_TIME", 30_000, 1_000, 3_600_000)),
                Duration.ofMillis(env.integer("WORKER_SHUTDOWN_GRACE", 30_000, 0, 3_600_000)),
                Duration.ofDays(env.integer("WEBHOOK_LOG_RETENTION_DAYS", 7, 0, 3650)),
                Encryption.fromEnv(env));
        env.check();
        return c;
    }
}
