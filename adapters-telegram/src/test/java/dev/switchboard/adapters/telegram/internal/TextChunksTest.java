package dev.switchboard.adapters.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunksTest {

    @Test
    void text_within_the_limit_is_one_part() {
        assertThat(TextChunks.split("olá", 4096)).containsExactly("olá");
        assertThat(TextChunks.split("", 4096)).containsExactly("");
    }

    @Test
    void a_cut_prefers_a_line_break_then_a_space_in_the_second_half() {
        assertThat(TextChunks.split("aaaaaa\nbbb ccc", 10)).containsExactly("aaaaaa", "bbb ccc");
        assertThat(TextChunks.split("aaaaaa bbbbbb", 10)).containsExactly("aaaaaa", "bbbbbb");
    }

    @Test
    void a_cut_never_splits_a_surrogate_pair() {
        String text = "a".repeat(9) + "😀" + "b";

        List<String> parts = TextChunks.split(text, 10);

        assertThat(parts).containsExactly("a".repeat(9), "😀b");
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void every_part_fits() {
        assertThat(TextChunks.split("word ".repeat(3000), 4096)).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
    }
}
