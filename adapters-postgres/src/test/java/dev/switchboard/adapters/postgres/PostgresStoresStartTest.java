package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.SwitchboardException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresStoresStartTest {

    @Test
    void health_is_a_cheap_select_that_turns_false_when_the_pool_is_gone_without_throwing() {
        PostgresStores postgres = TestDatabase.start(1);
        var health = postgres.stores().health();
        assertThat(health.healthy()).isTrue();
        postgres.close();
        assertThat(health.healthy()).isFalse();
    }

    @Test
    void starting_twice_on_a_migrated_database_migrates_nothing_and_works() {
        try (PostgresStores first = TestDatabase.start(1); PostgresStores second = TestDatabase.start(1)) {
            assertThat(first.stores().health().healthy()).isTrue();
            assertThat(second.stores().health().healthy()).isTrue();
        }
    }

    @Test
    void an_unreachable_database_fails_within_the_timeout_with_a_message_that_hides_the_password() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var config = PostgresConfig.fromUrl("postgresql://app:hunter2@127.0.0.1:" + closedPort + "/nowhere", 1, Duration.ofSeconds(1));
        assertThatThrownBy(() -> PostgresStores.start(config))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere")
                .message().doesNotContain("hunter2");
    }
}
