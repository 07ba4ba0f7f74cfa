package dev.switchboard.runner.worker;

import dev.switchboard.adapters.openai.ApiMode;
import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.redis.RedisConfig;
import dev.switchboard.core.support.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's configuration, read from environment variables. Every problem is collected so one
 * start reports all of them, one line each. The channel, model and media variables are runner-http's
 * (same names, same defaults): the worker sends the replies for every channel the server ingests.
 *
 * @param openAi        null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the offline model answers;
 *                      its api mode (OPENAI_API) is the default for agents that name none
 * @param modelTimeout  a turn waits this long for the model: the OpenAI timeout times the attempts, plus 5 s
 * @param leaseTime     WORKER_LEASE_TIME (default 30 s): how long a dead worker's tasks (and conversation
 *                      locks) wait before another worker takes them over; a live worker renews its leases
 * @param shutdownGrace WORKER_SHUTDOWN_GRACE: how long SIGTERM waits for turns in flight
 */
public record WorkerConfig(
        PostgresConfig database,
        RedisConfig redis,
        OpenAiConfig openAi,
        String whatsappApiBaseUrl,
        double whatsappMessagesPerSecond,
        Duration whatsappPairInterval,
        String evolutionApiUrl,
        String instagramApiBaseUrl,
        String mediaDir,
        long mediaMaxBytes,
        int concurrency,
        int port,
        int sendMaxAttempts,
        Duration extractionInterval,
        Duration modelTimeout,
        Duration leaseTime,
        Duration shutdownGrace) {

    public static WorkerConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        PostgresConfig database = r.required("DATABASE_URL", () -> PostgresConfig.fromEnv(env));
        int concurrency = (int) r.integer("WORKER_CONCURRENCY", 10, 1, 1000);
        RedisConfig redis = r.required("REDIS_URL", () -> {
            RedisConfig c = RedisConfig.fromUrl(env.get("REDIS_URL"));
            String prefix = r.string("REDIS_KEY_PREFIX", null);
            if (prefix != null) c = c.withKeyPrefix(prefix);
            // each worker thread holds a connection while it waits for work; ingest and locks need more
            return c.withPoolSize((int) r.integer("REDIS_POOL_SIZE", Math.max(RedisConfig.DEFAULT_POOL_SIZE, 2L * concurrency + 8), 1, 10_000));
        });
        OpenAiConfig openAi = null;
        if (r.string("OPENAI_API_KEY", null) != null || r.string("OPENAI_BASE_URL", null) != null) {
            openAi = r.optional(() -> {
                OpenAiConfig c = OpenAiConfig.fromEnv(env);
                ApiMode mode;
                try {
                    mode = ApiMode.parse(r.string("OPENAI_API", c.apiMode().wire()));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("OPENAI_API", e.reason());
                }
                return withMode(c, mode);
            });
        }
        Duration modelTimeout = openAi == null ? Duration.ofSeconds(60)
                : openAi.timeout().multipliedBy(openAi.maxRetries() + 1L).plusSeconds(5);
        WorkerConfig c = new WorkerConfig(
                database,
                redis,
                openAi,
                r.url("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v23.0"),
                r.integer("WHATSAPP_MESSAGES_PER_SECOND", 80, 1, 10_000),
                Duration.ofMillis(r.integer("WHATSAPP_PAIR_INTERVAL_MS", 6_000, 0, 600_000)),
                r.url("EVOLUTION_API_URL", null),
                r.url("INSTAGRAM_API_BASE_URL", "https://graph.instagram.com/v23.0"),
                r.string("MEDIA_DIR", "data/media"),
                r.integer("MEDIA_MAX_BYTES", 16L * 1024 * 1024, 0, 1L << 32),
                concurrency,
                (int) r.integer("WORKER_PORT", 8081, 0, 65535),
                (int) r.integer("SEND_MAX_ATTEMPTS", 3, 1, 20),
                Duration.ofMillis(r.integer("EXTRACTION_INTERVAL", 300_000, 1_000, 7L * 24 * 3600 * 1000)),
                modelTimeout,
                Duration.ofMillis(r.integer("WORKER_LEASE_TIME", 30_000, 1_000, 3_600_000)),
                Duration.ofMillis(r.integer("WORKER_SHUTDOWN_GRACE", 30_000, 0, 3_600_000)));
        if (!r.problems.isEmpty()) throw new ConfigException(r.problems);
        return c;
    }

    /** The same OpenAI settings with another api mode. */
    static OpenAiConfig withMode(OpenAiConfig c, ApiMode mode) {
        return new OpenAiConfig(c.baseUrl(), c.apiKey(), c.timeout(), c.maxRetries(), c.defaultModel(), mode, c.organization(),
                c.project(), c.historyTokenBudget(), c.charsPerToken());
    }

    /** One or more configuration problems; {@link #getMessage()} has one line per problem. */
    public static final class ConfigException extends RuntimeException {
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String string(String name, String def) {
            String v = env.get(name);
            return v == null || v.isBlank() ? def : v.trim();
        }

        <T> T required(String name, Supplier<T> parse) {
            if (string(name, null) == null) {
                problems.add(name + " is required");
                return null;
            }
            return optional(parse);
        }

        <T> T optional(Supplier<T> parse) {
            try {
                return parse.get();
            } catch (InvalidInputException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        long integer(String name, long def, long min, long max) {
            String v = string(name, null);
            if (v == null) return def;
            try {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) return n;
                problems.add(name + " must be between " + min + " and " + max + ", was " + v);
            } catch (NumberFormatException e) {
                problems.add(name + " must be a whole number, was '" + v + "'");
            }
            return def;
        }

        String url(String name, String def) {
            String v = string(name, def);
            if (v == null) return null;
            try {
                URI u = URI.create(v);
                if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                    problems.add(name + " must be an http(s) URL, was '" + v + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + " must be an http(s) URL, was '" + v + "'");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }
    }
}
