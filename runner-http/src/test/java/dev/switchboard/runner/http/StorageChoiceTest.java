package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.runner.common.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageChoiceTest {

    @Test
    void no_configuration_keeps_the_state_in_sqlite_under_data_with_the_development_key() {
        ServerConfig c = ServerConfig.fromEnv(Map.of());
        assertThat(c.storage()).isEqualTo(new StorageChoice.Sqlite(Path.of("data", "switchboard.db"), false));
        assertThat(c.storage().persistent()).isTrue();
        assertThat(c.adminKeyIsDevDefault()).isTrue();
        assertThat(c.media().dir()).isEqualTo("data/media");
    }

    @Test
    void data_dir_moves_the_database_and_the_media_unless_media_dir_is_set() {
        ServerConfig c = ServerConfig.fromEnv(Map.of("DATA_DIR", "/srv/sb"));
        assertThat(c.storage()).isEqualTo(new StorageChoice.Sqlite(Path.of("/srv/sb", "switchboard.db"), false));
        assertThat(c.media().dir()).isEqualTo(Path.of("/srv/sb", "media").toString());
        assertThat(ServerConfig.fromEnv(Map.of("DATA_DIR", "/srv/sb", "MEDIA_DIR", "/mnt/media")).media().dir()).isEqualTo("/mnt/media");
        assertThat(c.storage().describe()).isEqualTo("SQLite storage at /srv/sb/switchboard.db");
    }

    @Test
    void a_sqlite_database_url_names_the_file_and_needs_an_admin_key() {
        for (String url : new String[] {"sqlite:/var/lib/sb/main.db", "jdbc:sqlite:/var/lib/sb/main.db", "sqlite:///var/lib/sb/main.db"}) {
            ServerConfig c = ServerConfig.fromEnv(Map.of("DATABASE_URL", url, "ADMIN_API_KEY", "a-long-admin-key"));
            assertThat(c.storage()).isEqualTo(new StorageChoice.Sqlite(Path.of("/var/lib/sb/main.db"), true));
        }
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DATABASE_URL", "sqlite:/var/lib/sb/main.db")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ADMIN_API_KEY is required when DATABASE_URL is set");
    }

    @Test
    void postgresql_and_memory_are_chosen_explicitly() {
        ServerConfig pg = ServerConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u:secret@db:5432/sb", "ADMIN_API_KEY", "a-long-admin-key"));
        assertThat(pg.storage()).isEqualTo(new StorageChoice.Postgres("postgresql://u:secret@db:5432/sb"));
        assertThat(pg.storage().describe()).doesNotContain("secret");
        ServerConfig memory = ServerConfig.fromEnv(Map.of("STORAGE", "memory"));
        assertThat(memory.storage()).isEqualTo(new StorageChoice.Memory());
        assertThat(memory.storage().persistent()).isFalse();
    }

    @Test
    void redis_with_sqlite_or_memory_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("REDIS_URL", "redis://localhost:6379")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_URL needs DATABASE_URL=postgresql://")
                .hasMessageContaining("SQLite");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("REDIS_URL", "redis://localhost:6379",
                        "DATABASE_URL", "sqlite:/tmp/x.db", "ADMIN_API_KEY", "a-long-admin-key")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_URL needs DATABASE_URL=postgresql://");
    }

    @Test
    void contradictory_or_unknown_storage_settings_are_refused() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("STORAGE", "memory", "DATABASE_URL", "postgresql://db/sb",
                        "ADMIN_API_KEY", "a-long-admin-key")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("STORAGE=memory cannot be combined with DATABASE_URL");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("STORAGE", "mongo")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("STORAGE must be memory, sqlite or postgresql");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("DATABASE_URL", "sqlite:", "ADMIN_API_KEY", "a-long-admin-key")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a SQLite URL names a file");
    }
}
