package dev.switchboard.runner.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration, read from environment variables (names as in seed 001). Every
 * problem is collected so one start reports all of them, one line each.
 */
public record ServerConfig(
        int apiPort,
        String apiKeyHeader,
        String adminApiKey,
        boolean adminKeyIsDevDefault,
        String webhookSecret,
        String webhookVerifyToken,
        String whatsappApiBaseUrl,
        double whatsappMessagesPerSecond,
        java.time.Duration whatsappPairInterval,
        String evolutionApiUrl,
        String instagramApiBaseUrl,
        String instagramAppSecret,
        String instagramAppId,
        String openAiApiKey,
        String openAiBaseUrl,
        Duration openAiTimeout,
        int openAiMaxRetries,
        String openAiModel,
        String openAiApi,
        String mediaDir,
        long mediaMaxBytes,
        String databaseUrl,
        String redisUrl,
        String redisKeyPrefix,
        int databasePoolSize,
        Duration databaseTimeout,
        int workerConcurrency,
        int sendMaxAttempts,
        Duration extractionInterval,
        boolean embeddedWorker) {

    /** The admin key used in embedded mode when ADMIN_API_KEY is not set (never in production mode). */
    public static final String DEV_ADMIN_KEY = "dev-admin-key";

    public boolean openAiConfigured() {
        return openAiApiKey != null || openAiBaseUrl != null;
    }

    public static ServerConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        String databaseUrl = r.string("DATABASE_URL", null);
        String redisUrl = r.string("REDIS_URL", null);
        if (redisUrl != null && databaseUrl == null) {
            r.problem("REDIS_URL needs DATABASE_URL: with a shared queue every process must share the same PostgreSQL");
        }
        String adminKey = r.string("ADMIN_API_KEY", null);
        boolean devKey = false;
        if (adminKey == null) {
            if (databaseUrl != null) r.problem("ADMIN_API_KEY is required when DATABASE_URL is set (production mode)");
            adminKey = DEV_ADMIN_KEY;
            devKey = true;
        } else if (adminKey.length() < 8) {
            r.problem("ADMIN_API_KEY must be at least 8 characters");
        }
        String openAiApi = r.string("OPENAI_API", "responses");
        if (!openAiApi.equals("responses") && !openAiApi.equals("chat_completions")) {
            r.problem("OPENAI_API must be responses or chat_completions, was '" + openAiApi + "'");
        }
        ServerConfig c = new ServerConfig(
                (int) r.integer("API_PORT", 8080, 0, 65535),
                r.string("API_KEY_HEADER", "x-api-key"),
                adminKey,
                devKey,
                r.string("WEBHOOK_SECRET", null),
                r.string("WEBHOOK_VERIFY_TOKEN", null),
                r.url("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v23.0"),
                r.integer("WHATSAPP_MESSAGES_PER_SECOND", 80, 1, 10_000),
                Duration.ofMillis(r.integer("WHATSAPP_PAIR_INTERVAL_MS", 6_000, 0, 600_000)),
                r.url("EVOLUTION_API_URL", null),
                r.url("INSTAGRAM_API_BASE_URL", "https://graph.instagram.com/v23.0"),
                r.string("INSTAGRAM_APP_SECRET", null),
                r.string("INSTAGRAM_APP_ID", null),
                r.string("OPENAI_API_KEY", null),
                r.url("OPENAI_BASE_URL", null),
                Duration.ofMillis(r.integer("OPENAI_TIMEOUT", 30_000, 100, 600_000)),
                (int) r.integer("OPENAI_MAX_RETRIES", 3, 0, 10),
                r.string("OPENAI_MODEL", "gpt-4o-mini"),
                openAiApi,
                r.string("MEDIA_DIR", "data/media"),
                r.integer("MEDIA_MAX_BYTES", 16L * 1024 * 1024, 0, 1L << 32),
                databaseUrl,
                redisUrl,
                r.string("REDIS_KEY_PREFIX", null),
                (int) r.integer("DATABASE_POOL_SIZE", 20, 1, 500),
                Duration.ofMillis(r.integer("DATABASE_TIMEOUT", 30_000, 100, 600_000)),
                (int) r.integer("WORKER_CONCURRENCY", 10, 1, 1000),
                (int) r.integer("SEND_MAX_ATTEMPTS", 3, 1, 20),
                Duration.ofMillis(r.integer("EXTRACTION_INTERVAL", 300_000, 1_000, 7L * 24 * 3600 * 1000)),
                r.bool("EMBEDDED_WORKER", redisUrl == null));
        if (!r.problems.isEmpty()) throw new ConfigException(r.problems);
        return c;
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

        void problem(String p) {
            problems.add(p);
        }

        String string(String name, String def) {
            String v = env.get(name);
            return v == null || v.isBlank() ? def : v.trim();
        }

        long integer(String name, long def, long min, long max) {
            String v = string(name, null);
            if (v == null) return def;
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    problem(name + " must be between " + min + " and " + max + ", was " + v);
                    return def;
                }
                return n;
            } catch (NumberFormatException e) {
                problem(name + " must be a whole number, was '" + v + "'");
                return def;
            }
        }

        boolean bool(String name, boolean def) {
            String v = string(name, null);
            if (v == null) return def;
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            problem(name + " must be true or false, was '" + v + "'");
            return def;
        }

        String url(String name, String def) {
            String v = string(name, def);
            if (v == null) return null;
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    problem(name + " must be an http(s) URL, was '" + v + "'");
                }
            } catch (IllegalArgumentException e) {
                problem(name + " must be an http(s) URL, was '" + v + "'");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }
    }
}
