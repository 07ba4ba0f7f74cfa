package dev.switchboard.runner.http;

import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.core.engine.Switchboard;
import java.util.List;

/** Chooses where the engine keeps its state: in memory by default, PostgreSQL when DATABASE_URL is set. */
final class Storage {
    private Storage() {}

    static void configure(ServerConfig config, Switchboard.Config engine, List<HttpApi.Probe> probes, List<AutoCloseable> resources) {
        if (config.databaseUrl() == null) {
            probes.add(new HttpApi.Probe("database", "memory", () -> true));
            return;
        }
        PostgresStores postgres = PostgresStores.start(
                PostgresConfig.fromUrl(config.databaseUrl(), config.databasePoolSize(), config.databaseTimeout()));
        resources.add(postgres);
        engine.stores(postgres.stores());
        probes.add(new HttpApi.Probe("database", null, postgres.stores().health()::healthy));
    }
}
