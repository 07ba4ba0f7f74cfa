package dev.switchboard.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupKeyAndStoredTextTest {
    @Test
    void idsContainingTheSeparatorNeverCollideAcrossTenants() {
        assertThat(DedupKey.of("in", "a:b", "c")).isNotEqualTo(DedupKey.of("in", "a", "b:c"));
        assertThat(DedupKey.of("in", "a#1", "c")).isNotEqualTo(DedupKey.of("in", "a", "1#c"));
    }

    @Test
    void nulAndLoneSurrogatesBecomeTheReplacementCharacter() {
        assertThat(StoredText.clean("a\u0000b\uD800c\uDC00d\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00");
        assertThat(StoredText.clean((String) null)).isNull();
    }
}
