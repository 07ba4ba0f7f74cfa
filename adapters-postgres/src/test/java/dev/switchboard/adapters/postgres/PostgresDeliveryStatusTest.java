package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.DeliveryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** applyStatus decides in SQL; its function must agree with {@link DeliveryStatus#canMoveTo} for every pair. */
class PostgresDeliveryStatusTest {

    @BeforeAll
    static void migrate() {
        TestDatabase.shared();
    }

    @Test
    void sql_and_core_agree_on_every_status_move() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.config(1).jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT delivery_status_can_move(?, ?)")) {
            for (DeliveryStatus from : DeliveryStatus.values()) {
                for (DeliveryStatus to : DeliveryStatus.values()) {
                    s.setString(1, from.wire());
                    s.setString(2, to.wire());
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getBoolean(1)).as("%s -> %s", from, to).isEqualTo(from.canMoveTo(to));
                    }
                }
            }
        }
    }
}
