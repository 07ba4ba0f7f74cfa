package dev.switchboard.adapters.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiConfigTest {
    @Test
    void defaults_point_at_openai_with_30_seconds_3_retries_and_the_responses_api() {
        OpenAiConfig config = OpenAiConfig.builder().build();

        assertThat(config.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(config.apiKey()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.defaultModel()).isEqualTo("gpt-4o-mini");
        assertThat(config.apiMode()).isEqualTo(ApiMode.RESPONSES);
    }

    @Test
    void environment_variables_override_the_defaults() {
        OpenAiConfig config = OpenAiConfig.fromEnv(Map.of(
                "OPENAI_API_KEY", "sk-env-0123456789abcdef",
                "OPENAI_BASE_URL", "http://localhost:11434/v1/",
                "OPENAI_TIMEOUT", "12000",
                "OPENAI_MAX_RETRIES", "0",
                "OPENAI_MODEL", "llama3.1:8b",
                "OPENAI_API_MODE", "chat_completions"));

        assertThat(config.apiKey().value()).isEqualTo("sk-env-0123456789abcdef");
        assertThat(config.baseUrl()).as("trailing slash dropped").isEqualTo("http://localhost:11434/v1");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(config.maxRetries()).isZero();
        assertThat(config.defaultModel()).isEqualTo("llama3.1:8b");
        assertThat(config.apiMode()).isEqualTo(ApiMode.CHAT_COMPLETIONS);
        assertThat(config.toString()).doesNotContain("sk-env-0123456789abcdef");
    }

    @Test
    void malformed_environment_values_are_refused_naming_the_variable() {
        assertThatThrownBy(() -> OpenAiConfig.fromEnv(Map.of("OPENAI_TIMEOUT", "30s")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("OPENAI_TIMEOUT"));
        assertThatThrownBy(() -> OpenAiConfig.fromEnv(Map.of("OPENAI_TIMEOUT", "0")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("OPENAI_TIMEOUT"));
        assertThatThrownBy(() -> OpenAiConfig.fromEnv(Map.of("OPENAI_MAX_RETRIES", "-1")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("OPENAI_MAX_RETRIES"));
        assertThatThrownBy(() -> OpenAiConfig.fromEnv(Map.of("OPENAI_API_MODE", "assistants")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("OPENAI_API_MODE"));
        assertThatThrownBy(() -> OpenAiConfig.fromEnv(Map.of("OPENAI_BASE_URL", "api.openai.com")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("OPENAI_BASE_URL"));
    }

    @Test
    void factory_builds_the_model_of_the_configured_api() {
        assertThat(OpenAiModels.create(OpenAiConfig.builder().build())).isInstanceOf(OpenAiResponsesModel.class);
        assertThat(OpenAiModels.create(OpenAiConfig.builder().apiMode(ApiMode.CHAT_COMPLETIONS).build()))
                .isInstanceOf(ChatCompletionsModel.class);
    }
}
