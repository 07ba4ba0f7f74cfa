package dev.switchboard.runner.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.runner.common.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    private static final Map<String, String> MINIMAL = Map.of(
            "DATABASE_URL", "postgresql://app:pw@db:5432/switchboard",
            "REDIS_URL", "redis://cache:6379");

    @Test
    void defaults_apply_when_only_the_required_variables_are_set() {
        WorkerConfig c = WorkerConfig.fromEnv(MINIMAL);
        assertThat(c.concurrency()).isEqualTo(10);
        assertThat(c.port()).isEqualTo(8081);
        assertThat(c.sendMaxAttempts()).isEqualTo(3);
        assertThat(c.extractionInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.openAi()).as("offline model").isNull();
        assertThat(c.redis().keyPrefix()).isEqualTo("sb:");
        assertThat(c.redis().poolSize()).isGreaterThan(2 * c.concurrency());
        assertThat(c.leaseTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.channels().whatsappMessagesPerSecond()).isEqualTo(80);
        assertThat(c.channels().evolutionApiUrl()).isNull();
        assertThat(c.channels().instagramApiBaseUrl()).isEqualTo("https://graph.instagram.com/v23.0");
        assertThat(c.media().maxBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void openai_api_picks_the_default_mode_as_on_the_server_and_a_bad_one_is_named() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.putAll(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API", "chat_completions"));
        assertThat(WorkerConfig.fromEnv(env).openAi().apiMode().wire()).isEqualTo("chat_completions");
        env.put("OPENAI_API", "completions");
        var e = catchThrowableOfType(ConfigException.class, () -> WorkerConfig.fromEnv(env));
        assertThat(e.problems()).singleElement().asString().startsWith("OPENAI_API");
    }

    @Test
    void the_turn_deadline_is_TURN_TIMEOUT_whatever_the_retries_and_the_lease_time_is_settable() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.putAll(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_TIMEOUT", "10000", "OPENAI_MAX_RETRIES", "2", "WORKER_LEASE_TIME", "20000"));
        WorkerConfig c = WorkerConfig.fromEnv(env);
        assertThat(c.modelTimeout()).as("TURN_TIMEOUT's default bounds all attempts together").isEqualTo(Duration.ofSeconds(25));
        assertThat(c.leaseTime()).isEqualTo(Duration.ofSeconds(20));
        env.put("TURN_TIMEOUT", "8000");
        assertThat(WorkerConfig.fromEnv(env).modelTimeout()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void every_problem_is_reported_at_once_by_variable_name() {
        var e = catchThrowableOfType(ConfigException.class, () -> WorkerConfig.fromEnv(Map.of(
                "WORKER_CONCURRENCY", "0", "WORKER_PORT", "http", "WHATSAPP_API_BASE_URL", "ftp://x")));
        assertThat(e.problems()).hasSize(5);
        assertThat(String.join("\n", e.problems()))
                .contains("DATABASE_URL is required", "REDIS_URL is required", "WORKER_CONCURRENCY", "WORKER_PORT", "WHATSAPP_API_BASE_URL");
    }

    @Test
    void a_malformed_redis_url_is_named_and_its_password_not_echoed() {
        var e = catchThrowableOfType(ConfigException.class, () -> WorkerConfig.fromEnv(Map.of(
                "DATABASE_URL", "postgresql://app:pw@db:5432/switchboard", "REDIS_URL", "http://u:hunter2@cache")));
        assertThat(e.problems()).singleElement().asString().startsWith("REDIS_URL").doesNotContain("hunter2");
    }

    @Test
    void encryption_key_gives_the_worker_the_servers_cipher_and_a_malformed_one_is_named_not_echoed() {
        assertThat(WorkerConfig.fromEnv(MINIMAL).tokenCipher()).as("no key: tokens as stored").isNull();

        String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // base64 of 32 bytes
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("ENCRYPTION_KEY", key);
        var cipher = WorkerConfig.fromEnv(env).tokenCipher();
        assertThat(cipher).isNotNull();
        assertThat(cipher.decrypt(cipher.encrypt("EAAG-token", "acc/access_token"), "acc/access_token")).isEqualTo("EAAG-token");

        env.put("ENCRYPTION_KEY", "c2hvcnQta2V5");
        var e = catchThrowableOfType(ConfigException.class, () -> WorkerConfig.fromEnv(env));
        assertThat(e.problems()).singleElement().asString().startsWith("ENCRYPTION_KEY").doesNotContain("c2hvcnQta2V5");
    }
}
