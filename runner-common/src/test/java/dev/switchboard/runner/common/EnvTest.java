package dev.switchboard.runner.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void unset_and_blank_variables_take_their_defaults_and_urls_lose_a_trailing_slash() {
        Env env = new Env(Map.of("BLANK", "  ", "URL", "https://graph.facebook.com/v23.0/", "FLAG", "TRUE", "N", " 42 "));
        assertThat(env.string("BLANK", "def")).isEqualTo("def");
        assertThat(env.integer("MISSING", 7, 0, 10)).isEqualTo(7);
        assertThat(env.integer("N", 7, 0, 100)).isEqualTo(42);
        assertThat(env.bool("FLAG", false)).isTrue();
        assertThat(env.url("URL", null)).isEqualTo("https://graph.facebook.com/v23.0");
        assertThat(env.url("MISSING", null)).isNull();
        env.check();
    }

    @Test
    void every_problem_is_collected_and_reported_at_once_by_variable_name() {
        Env env = new Env(Map.of("PORT", "eighty", "TIMEOUT", "-1", "FLAG", "yes", "URL", "graph.facebook.com"));
        env.integer("PORT", 8080, 0, 65535);
        env.integer("TIMEOUT", 30_000, 100, 600_000);
        env.bool("FLAG", false);
        env.url("URL", null);
        env.required("DATABASE_URL", () -> "never parsed");
        env.optional(() -> {
            throw new ConfigurationException("REDIS_URL", "expected redis://host:port");
        });
        assertThatThrownBy(env::check).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                "PORT must be a whole number, was 'eighty'",
                "TIMEOUT must be between 100 and 600000, was -1",
                "FLAG must be true or false, was 'yes'",
                "URL must be an http(s) URL, was 'graph.facebook.com'",
                "DATABASE_URL is required",
                new ConfigurationException("REDIS_URL", "expected redis://host:port").getMessage()));
    }
}
