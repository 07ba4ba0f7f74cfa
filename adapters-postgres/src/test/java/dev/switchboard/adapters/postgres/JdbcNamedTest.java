package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Jdbc.Named}: Jdbi-style SQL into JDBC's placeholders, without touching casts or quoted text. */
class JdbcNamedTest {

    @Test
    void parameters_become_placeholders_in_order_and_casts_stay() {
        Jdbc.Named named = Jdbc.Named.parse("SELECT f(:a, :b::bigint, :a::text[], x::jsonb) WHERE y = :c_1");

        assertThat(named.sql()).isEqualTo("SELECT f(?, ?::bigint, ?::text[], x::jsonb) WHERE y = ?");
        assertThat(named.names()).containsExactly("a", "b", "a", "c_1");
    }

    @Test
    void quoted_text_and_identifiers_are_left_alone() {
        Jdbc.Named named = Jdbc.Named.parse("SELECT ':not', 'it''s :no', \"odd:name\", '[]'::jsonb, :yes");

        assertThat(named.sql()).isEqualTo("SELECT ':not', 'it''s :no', \"odd:name\", '[]'::jsonb, ?");
        assertThat(named.names()).containsExactly("yes");
    }

    @Test
    void a_bare_question_mark_or_an_unclosed_quote_is_refused() {
        assertThatThrownBy(() -> Jdbc.Named.parse("SELECT data ? 'key' FROM t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare ?");
        assertThatThrownBy(() -> Jdbc.Named.parse("SELECT 'open")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
    }

    @Test
    void binding_a_name_the_statement_lacks_is_refused_at_once() {
        Jdbc.Bound bound = Jdbc.Named.parse("SELECT :a").bind();

        assertThatThrownBy(() -> bound.text("b", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":b");
        assertThat(bound.text("a", null).int8Array("a", List.of(1L)).sql()).isEqualTo("SELECT ?");
    }
}
