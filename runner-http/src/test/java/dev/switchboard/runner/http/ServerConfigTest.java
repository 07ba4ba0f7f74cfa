package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.runner.common.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void embedded_defaults_need_no_configuration() {
        ServerConfig c = ServerConfig.fromEnv(Map.of());
        assertThat(c.apiPort()).isEqualTo(8080);
        assertThat(c.apiKeyHeader()).isEqualTo("x-api-key");
        assertThat(c.channels().whatsappApiBaseUrl()).isEqualTo("https://graph.facebook.com/v23.0");
        assertThat(c.openAiConfigured()).isFalse();
        assertThat(c.adminKeyIsDevDefault()).isTrue();
        assertThat(c.workerConcurrency()).isEqualTo(10);
        assertThat(c.sendMaxAttempts()).isEqualTo(3);
    }

    @Test
    void every_problem_is_reported_on_its_own_line() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("API_PORT", "eighty", "OPENAI_TIMEOUT", "-1",
                "WHATSAPP_API_BASE_URL", "graph.facebook.com", "DATABASE_URL", "postgresql://localhost/x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "ADMIN_API_KEY is required when DATABASE_URL is set (production mode)",
                        "API_PORT must be a whole number, was 'eighty'",
                        "OPENAI_TIMEOUT must be between 100 and 600000, was -1",
                        "WHATSAPP_API_BASE_URL must be an http(s) URL, was 'graph.facebook.com'"));
    }

    @Test
    void the_openai_api_mode_is_read_from_openai_api_or_the_adapters_openai_api_mode() {
        assertThat(ServerConfig.fromEnv(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API", "chat_completions")).openAi().apiMode().wire())
                .isEqualTo("chat_completions");
        assertThat(ServerConfig.fromEnv(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API_MODE", "chat_completions")).openAi().apiMode().wire())
                .isEqualTo("chat_completions");
    }

    @Test
    void webhook_ingest_is_inline_by_default_and_deferred_only_on_postgresql() {
        assertThat(ServerConfig.fromEnv(Map.of()).deferredIngest()).isFalse();
        assertThat(ServerConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://localhost/x", "ADMIN_API_KEY", "admin-key-1",
                "WEBHOOK_INGEST", "deferred")).deferredIngest()).isTrue();
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("WEBHOOK_INGEST", "deferred")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "WEBHOOK_INGEST=deferred needs DATABASE_URL=postgresql://…: the inbound journal lives in PostgreSQL"));
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("WEBHOOK_INGEST", "later")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "WEBHOOK_INGEST must be inline or deferred, not later"));
    }
}
