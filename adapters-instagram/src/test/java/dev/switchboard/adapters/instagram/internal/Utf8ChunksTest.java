package dev.switchboard.adapters.instagram.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Instagram's 1,000-byte text limit, met without breaking characters or, where possible, sentences. */
class Utf8ChunksTest {
    private static final int LIMIT = 1000;

    /** Accents (2 bytes), a dash (3 bytes) and emoji (4 bytes, a surrogate pair each). */
    private static final String PORTUGUESE = "Olá! Não há promoção válida para você até amanhã — confira às 9h no nosso "
            + "perfil. 😀🎉 Obrigado pela atenção, João; a ação de inverno começa já. Você também pode pedir pelo "
            + "Direct: respondemos em português, com calma e atenção. 🇧🇷 ";

    @Test
    void portuguese_with_emoji_fits_every_part_in_1000_bytes_and_loses_nothing_but_the_break_spaces() {
        String text = PORTUGUESE.repeat(14).strip();
        assertThat(bytes(text)).isGreaterThan(3 * LIMIT);

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts).hasSizeGreaterThanOrEqualTo(4);
        assertThat(parts).allSatisfy(part -> {
            assertThat(bytes(part)).isLessThanOrEqualTo(LIMIT);
            assertWellFormed(part);
        });
        assertJoinsBackTo(text, parts);
    }

    @Test
    void sentences_are_kept_whole_when_a_sentence_end_is_near() {
        String text = PORTUGUESE.repeat(14).strip();

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(part -> assertThat(part).matches("(?s).*[.!]"));
    }

    @Test
    void paragraph_break_wins_over_a_later_sentence_end() {
        String first = "Primeiro parágrafo com acentuação. ".repeat(18).strip();   // about 650 bytes
        String second = "Segundo parágrafo, também longo. ".repeat(18).strip();
        String text = first + "\n\n" + second;

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts).containsExactly(first, second);
    }

    @Test
    void without_sentence_ends_the_cut_falls_on_a_space() {
        String text = "palavra ação coração ".repeat(80).strip();

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts).allSatisfy(part -> {
            assertThat(bytes(part)).isLessThanOrEqualTo(LIMIT);
            assertThat(part).startsWith("palavra").endsWith("coração");
        });
        assertJoinsBackTo(text, parts);
    }

    @Test
    void a_run_of_emoji_without_spaces_is_cut_between_emoji_never_inside_one() {
        String text = "😀".repeat(300);   // 1,200 bytes, 600 chars

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts).containsExactly("😀".repeat(250), "😀".repeat(50));
    }

    @Test
    void an_emoji_with_its_skin_tone_stays_together() {
        String thumbs = "👍🏽";   // two code points, 8 bytes, one visible character
        String text = "a" + thumbs.repeat(200);   // 1,601 bytes: a code-point cut would land between the two

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts).allSatisfy(part -> {
            assertThat(bytes(part)).isLessThanOrEqualTo(LIMIT);
            assertThat(part.codePointAt(0)).isNotEqualTo("🏽".codePointAt(0));
        });
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void text_within_the_limit_is_one_untouched_part() {
        String exactly = "ã".repeat(500);   // 1,000 bytes
        String withSpaces = "  Olá  ";

        assertThat(Utf8Chunks.split(exactly, LIMIT)).containsExactly(exactly);
        assertThat(Utf8Chunks.split(withSpaces, LIMIT)).containsExactly(withSpaces);
    }

    @Test
    void one_byte_over_the_limit_splits() {
        String text = "ã".repeat(500) + "a";

        List<String> parts = Utf8Chunks.split(text, LIMIT);

        assertThat(parts).hasSize(2).allSatisfy(part -> assertThat(bytes(part)).isLessThanOrEqualTo(LIMIT));
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void byte_count_matches_the_jdk_encoder() {
        String text = PORTUGUESE + "ﬁ𝄞";

        assertThat(Utf8Chunks.utf8Length(text)).isEqualTo(bytes(text));
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** No lone surrogate: the part survives a UTF-8 round trip unchanged. */
    private static void assertWellFormed(String part) {
        assertThat(new String(part.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(part);
    }

    /** The parts, in order, are the original text with only whitespace dropped between them. */
    private static void assertJoinsBackTo(String original, List<String> parts) {
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                int gapStart = at;
                while (at < original.length() && Character.isWhitespace(original.charAt(at))) at++;
                assertThat(at).as("parts %d and %d are separated by whitespace only", i - 1, i).isGreaterThanOrEqualTo(gapStart);
            }
            assertThat(original.startsWith(parts.get(i), at)).as("part %d continues the text at char %d", i, at).isTrue();
            at += parts.get(i).length();
        }
        assertThat(original.substring(at)).isBlank();
    }
}
