package dev.switchboard.adapters.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.ConfigurationException;
import org.junit.jupiter.api.Test;

class InstagramConfigTest {

    @Test
    void defaults_to_the_instagram_login_host_with_no_secrets() {
        InstagramConfig config = InstagramConfig.builder().build();

        assertThat(config.apiBaseUrl().toString()).isEqualTo("https://graph.instagram.com/v23.0");
        assertThat(config.appSecret()).isNull();
        assertThat(config.verifyToken()).isNull();
        assertThat(config.appId()).isNull();
        assertThat(config.httpClient().callTimeoutMillis()).isEqualTo(30_000);
    }

    @Test
    void blank_values_count_as_not_set() {
        InstagramConfig config = InstagramConfig.builder().appSecret(" ").verifyToken("").appId("  ").build();

        assertThat(config.appSecret()).isNull();
        assertThat(config.verifyToken()).isNull();
        assertThat(config.appId()).isNull();
    }

    @Test
    void a_base_url_that_is_not_http_names_the_variable() {
        assertThatThrownBy(() -> InstagramConfig.builder().apiBaseUrl("graph.instagram.com/v23.0").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.setting()).isEqualTo("INSTAGRAM_API_BASE_URL");
                    assertThat(e.reason()).contains("graph.instagram.com/v23.0");
                });
    }

    @Test
    void the_secret_never_shows_in_the_configs_text() {
        InstagramConfig config = InstagramConfig.builder().appSecret("9c4e1b7a2f6d3e8c5b0a4f1e").verifyToken("meatyhamhock").build();

        assertThat(config.toString()).doesNotContain("9c4e1b7a2f6d3e8c5b0a4f1e").doesNotContain("meatyhamhock");
    }
}
