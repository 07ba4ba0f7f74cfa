package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConfigTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void a_postgresql_url_becomes_a_jdbc_url_with_separate_credentials() {
        var config = PostgresConfig.fromUrl("postgresql://app:s3cret@db.internal:6543/switchboard", 20, TIMEOUT);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/switchboard");
        assertThat(config.user()).isEqualTo("app");
        assertThat(config.password()).isEqualTo("s3cret");
    }

    @Test
    void postgres_scheme_query_parameters_and_several_hosts_pass_through() {
        var config = PostgresConfig.fromUrl("postgres://app@db-1:5432,db-2:5433/sb?sslmode=require&application_name=x", 5, TIMEOUT);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db-1:5432,db-2:5433/sb?sslmode=require&application_name=x");
        assertThat(config.user()).isEqualTo("app");
        assertThat(config.password()).isNull();
    }

    @Test
    void percent_encoded_credentials_are_decoded_and_a_plus_stays_a_plus() {
        var config = PostgresConfig.fromUrl("postgresql://us%40er:p%3Ass+w%2Fo%C3%A7@[::1]/db", 1, TIMEOUT);
        assertThat(config.user()).isEqualTo("us@er");
        assertThat(config.password()).isEqualTo("p:ss+w/oç");
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]/db");
    }

    @Test
    void host_names_with_underscores_as_in_compose_files_are_accepted() {
        assertThat(PostgresConfig.fromUrl("postgresql://u:p@my_db:5432/app", 1, TIMEOUT).jdbcUrl())
                .isEqualTo("jdbc:postgresql://my_db:5432/app");
    }

    @Test
    void jdbc_urls_are_kept_and_credentials_in_them_are_lifted_out() {
        assertThat(PostgresConfig.fromUrl("jdbc:postgresql://localhost:5432/sb?user=a&password=b", 1, TIMEOUT).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/sb?user=a&password=b");
        var withUserInfo = PostgresConfig.fromUrl("jdbc:postgresql://a:b@localhost/sb", 1, TIMEOUT);
        assertThat(withUserInfo.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/sb");
        assertThat(withUserInfo.user()).isEqualTo("a");
    }

    @Test
    void bad_urls_name_database_url_and_never_echo_the_password() {
        for (String bad : new String[] {"mysql://u:hunter2@h/db", "postgresql://u:hunter2@/db", "postgresql://u:hunter2@host",
                "postgresql://u:hunter2@host:5432/", "postgresql://u:hunter2%zz@host/db", "", "http://host/db"}) {
            assertThatThrownBy(() -> PostgresConfig.fromUrl(bad, 20, TIMEOUT))
                    .as(bad)
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_URL"))
                    .message().doesNotContain("hunter2");
        }
    }

    @Test
    void env_defaults_to_a_pool_of_20_and_30_seconds() {
        var config = PostgresConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u@h/db"));
        assertThat(config.poolSize()).isEqualTo(20);
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(30_000));
        var tuned = PostgresConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u@h/db", "DATABASE_POOL_SIZE", "5",
                "DATABASE_TIMEOUT", "2500"));
        assertThat(tuned.poolSize()).isEqualTo(5);
        assertThat(tuned.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void bad_env_values_name_their_variable() {
        assertThatThrownBy(() -> PostgresConfig.fromEnv(Map.of()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_URL"));
        assertThatThrownBy(() -> PostgresConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u@h/db", "DATABASE_POOL_SIZE", "many")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_POOL_SIZE"));
        assertThatThrownBy(() -> PostgresConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u@h/db", "DATABASE_POOL_SIZE", "0")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_POOL_SIZE"));
        assertThatThrownBy(() -> PostgresConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u@h/db", "DATABASE_TIMEOUT", "-5")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_TIMEOUT"));
    }

    @Test
    void to_string_hides_passwords_also_inside_jdbc_parameters() {
        assertThat(PostgresConfig.fromUrl("postgresql://u:hunter2@h/db", 1, TIMEOUT).toString()).doesNotContain("hunter2");
        assertThat(PostgresConfig.fromUrl("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true", 1, TIMEOUT).toString())
                .doesNotContain("hunter2")
                .contains("ssl=true");
    }
}
