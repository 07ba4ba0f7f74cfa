package dev.switchboard.runner.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.adapters.openai.ApiMode;
import dev.switchboard.adapters.openai.OpenAiConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsTest {

    private static OpenAiConfig read(Map<String, String> vars) {
        Env env = new Env(vars);
        OpenAiConfig c = Models.openAiFromEnv(env);
        env.check();
        return c;
    }

    @Test
    void without_a_key_or_a_base_url_the_offline_model_answers() {
        assertThat(read(Map.of("OPENAI_MODEL", "gpt-4.1"))).isNull();
    }

    @Test
    void openai_api_and_the_adapters_openai_api_mode_both_pick_the_mode_and_openai_api_wins() {
        assertThat(read(Map.of("OPENAI_API_KEY", "sk-x")).apiMode()).isEqualTo(ApiMode.RESPONSES);
        assertThat(read(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API", "chat_completions")).apiMode()).isEqualTo(ApiMode.CHAT_COMPLETIONS);
        assertThat(read(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API_MODE", "chat_completions")).apiMode()).isEqualTo(ApiMode.CHAT_COMPLETIONS);
        assertThat(read(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API", "responses", "OPENAI_API_MODE", "chat_completions")).apiMode())
                .isEqualTo(ApiMode.RESPONSES);
    }

    @Test
    void a_bad_mode_is_reported_under_the_variable_that_carried_it() {
        assertThatThrownBy(() -> read(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_API", "completions")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("OPENAI_API must be responses or chat_completions, was 'completions'"));
        assertThatThrownBy(() -> read(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1", "OPENAI_API_MODE", "chat")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("OPENAI_API_MODE must be responses or chat_completions, was 'chat'"));
    }

    @Test
    void a_compatible_server_needs_no_key() {
        OpenAiConfig c = read(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1/", "OPENAI_TIMEOUT", "10000",
                "OPENAI_MAX_RETRIES", "2", "OPENAI_ORG_ID", "org-1", "OPENAI_PROJECT_ID", "proj-1"));
        assertThat(c.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(c.apiKey()).isNull();
        assertThat(c.organization()).isEqualTo("org-1");
        assertThat(c.project()).isEqualTo("proj-1");
    }

    @Test
    void the_turn_timeout_is_turn_timeout_not_the_sum_of_every_openai_attempt() {
        assertThat(Models.turnTimeout(new Env(Map.of("OPENAI_TIMEOUT", "30000", "OPENAI_MAX_RETRIES", "3"))))
                .isEqualTo(Duration.ofSeconds(25));
        assertThat(Models.turnTimeout(new Env(Map.of("TURN_TIMEOUT", "3000")))).isEqualTo(Duration.ofSeconds(3));
        Env bad = new Env(Map.of("TURN_TIMEOUT", "soon"));
        Models.turnTimeout(bad);
        assertThatThrownBy(bad::check).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("TURN_TIMEOUT")));
    }
}
