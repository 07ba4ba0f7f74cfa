package dev.switchboard.adapters.sqlite;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.ConfigurationException;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.testkit.store.StoreFixtures;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What is SQLite's own: the file, its pragmas, a restart, error wording, the webhook log. */
class SqliteStoresTest {

    @Test
    void the_state_survives_closing_and_opening_the_file_again_and_the_directory_is_created() throws Exception {
        Path file = TestDatabase.freshFile().resolveSibling("nested/dir/switchboard.db");
        String tenant;
        String conversation;
        try (SqliteStores first = SqliteStores.start(SqliteConfig.of(file))) {
            var s = StoreFixtures.setup(first.stores());
            tenant = s.tenant().id();
            first.stores().credits().add(tenant, 5, "topup", "test");
            conversation = first.stores().conversations().acceptInbound(s.inbound("16505551234", unique("w"), "hi")).conversation().id();
        }
        assertThat(file).exists();
        try (SqliteStores again = SqliteStores.start(SqliteConfig.of(file))) {
            Stores stores = again.stores();
            assertThat(stores.tenants().find(tenant)).isPresent();
            assertThat(stores.credits().balance(tenant)).isEqualTo(5);
            assertThat(stores.conversations().history(conversation, 10)).extracting(m -> m.text()).containsExactly("hi");
            assertThat(stores.health().healthy()).isTrue();
        }
    }

    @Test
    void the_file_is_in_wal_mode() throws Exception {
        try (SqliteStores db = SqliteStores.start(SqliteConfig.of(TestDatabase.freshFile()));
             var c = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void conflicts_are_worded_like_postgresql_s() {
        Stores stores = TestDatabase.shared().stores();
        Tenant t = stores.tenants().create(new Tenant(unique("usr"), unique("a") + "@Example.com", null, null, StoreFixtures.now()));
        assertThatThrownBy(() -> stores.tenants().create(new Tenant(unique("usr"), t.email().toLowerCase(), null, null, StoreFixtures.now())))
                .isInstanceOf(ConflictException.class).hasMessage("a user with this email exists");
        assertThatThrownBy(() -> stores.tenants().create(new Tenant(t.id(), null, null, null, StoreFixtures.now())))
                .isInstanceOf(ConflictException.class).hasMessage("user exists: " + t.id());
        var s = StoreFixtures.setup(stores);
        assertThatThrownBy(() -> stores.agents().create(StoreFixtures.agent(s.tenant().id(), s.agent().id(), null)))
                .isInstanceOf(ConflictException.class).hasMessage("agent exists: " + s.agent().id());
        assertThatThrownBy(() -> stores.agents().create(StoreFixtures.agent(s.tenant().id(), unique("agt"), s.account().id())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already has an agent");
    }

    @Test
    void negative_amounts_never_reach_the_ledger() {
        Stores stores = TestDatabase.shared().stores();
        var s = StoreFixtures.setup(stores);
        assertThatThrownBy(() -> stores.credits().tryDeduct(s.tenant().id(), -1, "x", null)).isInstanceOf(InvalidInputException.class);
        assertThat(stores.credits().tryDeduct(s.tenant().id(), 1, "x", null)).isFalse();
        assertThat(stores.credits().ledger(s.tenant().id(), 10)).isEmpty();
    }

    @Test
    void the_webhook_log_lists_newest_first_per_tenant_and_deletes_old_rows() {
        Stores stores = TestDatabase.shared().stores();
        String tenant = unique("usr");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        stores.webhookLog().record(new WebhookLogEntry(null, tenant, "whatsapp", "message", true, null, "{\"a\":1}", t0));
        stores.webhookLog().record(new WebhookLogEntry(null, tenant, "whatsapp", "status", false, "bad", "not json", t0.plusSeconds(60)));
        stores.webhookLog().record(new WebhookLogEntry(null, unique("other"), "whatsapp", "message", true, null, "{}", t0.plusSeconds(30)));

        var recent = stores.webhookLog().recent(tenant, 10);
        assertThat(recent).extracting(WebhookLogEntry::eventType).containsExactly("status", "message");
        assertThat(recent.getFirst().payload()).isEqualTo("not json");
        assertThat(recent.getFirst().success()).isFalse();
        assertThat(recent.getFirst().processedAt()).isEqualTo(t0.plusSeconds(60));

        assertThat(stores.webhookLog().deleteOlderThan(t0.plusSeconds(45), 1000)).isGreaterThanOrEqualTo(2);
        assertThat(stores.webhookLog().recent(tenant, 10)).extracting(WebhookLogEntry::eventType).containsExactly("status");
    }

    @Test
    void sqlite_urls_name_a_file() {
        assertThat(SqliteConfig.fromUrl("sqlite:/var/lib/sb/a.db").file()).isEqualTo(Path.of("/var/lib/sb/a.db"));
        assertThat(SqliteConfig.fromUrl("jdbc:sqlite:/var/lib/sb/a.db").file()).isEqualTo(Path.of("/var/lib/sb/a.db"));
        assertThat(SqliteConfig.fromUrl("sqlite:///var/lib/sb/a.db").file()).isEqualTo(Path.of("/var/lib/sb/a.db"));
        assertThat(SqliteConfig.fromUrl("sqlite:data/a.db").file()).isEqualTo(Path.of("data/a.db"));
        assertThat(SqliteConfig.isSqliteUrl("postgresql://db/sb")).isFalse();
        assertThatThrownBy(() -> SqliteConfig.fromUrl("sqlite::memory:")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> SqliteConfig.fromUrl("sqlite:/a.db?mode=ro")).isInstanceOf(ConfigurationException.class);
    }
}
