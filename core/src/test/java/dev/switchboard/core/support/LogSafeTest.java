package dev.switchboard.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void a_value_with_line_breaks_cannot_start_a_second_log_line() {
        String forged = LogSafe.of("loja\n2026-11-28 02:00:00 ERROR forged\r\u2028\u0085");

        assertThat(forged).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u0085")
                .isEqualTo("loja\\u000A2026-11-28 02:00:00 ERROR forged\\u000D\\u2028\\u0085");
    }

    @Test
    void bidi_overrides_nul_and_lone_surrogates_are_escaped_and_backslashes_doubled_as_escapes() {
        assertThat(LogSafe.of("a\u202Eb\u0000c\uD800d\\e")).isEqualTo("a\\u202Eb\\u0000c\\uD800d\\u005Ce");
    }

    @Test
    void long_values_are_cut_and_say_how_long_they_were() {
        String cut = LogSafe.of("x".repeat(1_000_000));

        assertThat(cut).startsWith("x".repeat(LogSafe.DEFAULT_MAX)).endsWith("…(1000000 chars)").hasSizeLessThan(120);
    }

    @Test
    void ordinary_text_and_emoji_pass_unchanged_and_a_pair_is_never_split() {
        assertThat(LogSafe.of("loja-centro ção 😀")).isEqualTo("loja-centro ção 😀");
        assertThat(LogSafe.of("ab😀", 3)).isEqualTo("ab…(4 chars)");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }
}
