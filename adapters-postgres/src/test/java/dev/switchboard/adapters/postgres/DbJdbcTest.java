package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.support.ConflictException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Db}'s plain-JDBC calls against the real database: typed values and nulls, errors, one transaction. */
class DbJdbcTest {
    private static HikariDataSource dataSource;
    private static Db db;

    @BeforeAll
    static void start() {
        TestDatabase.shared(); // creates and migrates the test database
        PostgresConfig config = TestDatabase.config(2);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) hikari.setUsername(config.user());
        if (config.password() != null) hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(1); // one connection: a transaction left open would show in the next call
        dataSource = new HikariDataSource(hikari);
        db = new Db(dataSource);
        TestDatabase.execute("CREATE TABLE IF NOT EXISTS db_jdbc_test (id text PRIMARY KEY, n bigint)");
    }

    @AfterAll
    static void stop() {
        TestDatabase.execute("DROP TABLE IF EXISTS db_jdbc_test");
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        TestDatabase.execute("TRUNCATE db_jdbc_test");
    }

    @Test
    void values_and_typed_nulls_reach_the_database_as_bound() {
        Instant at = Instant.parse("2026-11-28T12:34:56.789Z");
        List<String> row = db.queryOne(Jdbc.Named.parse("""
                        SELECT :text, :none IS NULL, :n + 1, pg_typeof(:nullLong)::text, :flag, :at::timestamptz = '2026-11-28T12:34:56.789Z',
                               array_to_string(:texts::text[], ','), cardinality(:longs::bigint[]), :bools::boolean[] = '{t,f}', :text""")
                        .bind()
                        .text("text", "it's").text("none", null).int8("n", 41L).int8("nullLong", null).bool("flag", true)
                        .timestamptz("at", at).textArray("texts", Arrays.asList("a", null, "c"))
                        .int8Array("longs", List.of(1L, 2L, 3L)).boolArray("bools", List.of(true, false)),
                rs -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)))
                .orElseThrow();

        assertThat(row).containsExactly("it's", "t", "42", "bigint", "t", "t", "a,c", "3", "t", "it's");
    }

    @Test
    void a_transaction_commits_all_or_nothing_and_the_connection_autocommits_again() {
        Jdbc.Named insert = Jdbc.Named.parse("INSERT INTO db_jdbc_test (id, n) VALUES (:id, :n)");

        assertThatThrownBy(() -> db.inTransaction(c -> {
            Db.execute(c, insert.bind().text("id", "a").int8("n", 1L));
            Db.execute(c, insert.bind().text("id", "a").int8("n", 2L)); // unique violation
        })).isInstanceOf(ConflictException.class);
        assertThat(TestDatabase.scalar("SELECT count(*) FROM db_jdbc_test")).isZero();

        db.inTransaction(c -> {
            Db.execute(c, insert.bind().text("id", "a").int8("n", 1L));
            Db.execute(c, insert.bind().text("id", "b").int8("n", 2L));
        });
        assertThat(TestDatabase.scalar("SELECT sum(n) FROM db_jdbc_test")).isEqualTo(3);

        // the pool's one connection is back in autocommit: this is visible to another connection at once
        assertThat(db.update(insert.bind().text("id", "c").int8("n", 4L))).isEqualTo(1);
        assertThat(TestDatabase.scalar("SELECT sum(n) FROM db_jdbc_test")).isEqualTo(7);
    }

    @Test
    void a_failed_statement_keeps_its_sqlstate_and_names_the_statement() {
        assertThatThrownBy(() -> db.query(Jdbc.Named.parse("SELECT 1 / :zero").bind().int8("zero", 0L), rs -> rs.getLong(1)))
                .isInstanceOfSatisfying(Db.Failure.class, e -> assertThat(Sql.sqlState(e)).isEqualTo("22012"))
                .hasMessageContaining("SELECT 1 / ?");
        assertThatThrownBy(() -> db.inTransaction(c -> Db.execute(c, Jdbc.Named.parse("UPDATE db_jdbc_test SET n = 1 / :zero")
                .bind().int8("zero", 0L))))
                .isInstanceOfSatisfying(Db.Failure.class, e -> assertThat(Sql.sqlState(e)).isEqualTo("22012"))
                .hasMessageContaining("UPDATE db_jdbc_test SET n = 1 / ?");
        assertThatThrownBy(() -> db.query(Jdbc.Named.parse("SELECT :a, :b").bind().text("a", "x"), rs -> rs.getString(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(":b is not bound");
    }
}
