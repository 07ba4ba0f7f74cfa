package dev.switchboard.adapters.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.InvalidInputException;
import org.junit.jupiter.api.Test;

class TelegramConfigTest {

    @Test
    void defaults_to_api_telegram_org_and_a_20_mb_media_cap() {
        TelegramConfig config = TelegramConfig.builder().build();

        assertThat(config.apiBaseUrl()).hasToString("https://api.telegram.org/");
        assertThat(config.maxMediaBytes()).isEqualTo(20L * 1024 * 1024);
    }

    @Test
    void a_self_hosted_server_url_keeps_its_path_without_the_trailing_slash() {
        assertThat(TelegramConfig.builder().apiBaseUrl("http://bot-api.internal:8081/tg/").build().apiBaseUrl())
                .hasToString("http://bot-api.internal:8081/tg");
    }

    @Test
    void a_base_url_that_is_not_http_names_the_variable() {
        assertThatThrownBy(() -> TelegramConfig.builder().apiBaseUrl("api.telegram.org").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("TELEGRAM_API_BASE_URL"));
    }

    @Test
    void a_media_cap_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> TelegramConfig.builder().maxMediaBytes(0).build()).isInstanceOf(InvalidInputException.class);
    }
}
