package dev.switchboard.runner.http;

import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.adapters.redis.RedisAdapters;
import dev.switchboard.adapters.sqlite.SqliteConfig;
import dev.switchboard.adapters.sqlite.SqliteStores;
import dev.switchboard.adapters.redis.RedisConfig;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.runner.common.Encryption;
import dev.switchboard.core.memory.InMemoryApiKeyStore;
import dev.switchboard.core.store.ApiKeyStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.memory.InMemoryEventLog;

/**
 * Chooses where the engine keeps its state ({@link StorageChoice}): SQLite by default, PostgreSQL
 * when DATABASE_URL is a postgresql:// URL, memory with STORAGE=memory; and the shared queue, locks, dedup, send pacing and cache invalidations on Redis when REDIS_URL is set (then the
 * conversation work is done by runner-worker processes). A persistent storage's channel account
 * secrets are encrypted at rest when ENCRYPTION_KEY is set ({@link Encryption#protect}).
 */
final class Storage {
    /** How long a worker may hold a conversation's task before another worker takes it over. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private Storage() {}

    /** @return the Redis adapters when REDIS_URL is set (closed with {@code resources}), else null */
    static RedisAdapters configure(ServerConfig config, Switchboard.Config engine, List<HttpApi.Probe> probes, List<AutoCloseable> resources,
                                   Consumer<ApiKeyStore> apiKeys, UnaryOperator<EventLog> events) {
        switch (config.storage()) {
            case StorageChoice.Memory memory -> {
                apiKeys.accept(new InMemoryApiKeyStore());
                engine.events(events.apply(new InMemoryEventLog()));
                probes.add(new HttpApi.Probe("database", "memory", () -> true));
                probes.add(new HttpApi.Probe("queue", "memory", () -> true));
                return null;
            }
            case StorageChoice.Sqlite sqlite -> {
                SqliteStores stores = SqliteStores.start(SqliteConfig.of(sqlite.file()));
                resources.add(stores);
                apiKeys.accept(stores.apiKeys());
                engine.events(events.apply(stores.events()));
                engine.stores(Encryption.protect(stores.stores(), stores.accountSecrets(), config.tokenCipher(), "SQLite"));
                probes.add(new HttpApi.Probe("database", "sqlite", stores.stores().health()::healthy));
                probes.add(new HttpApi.Probe("queue", "memory", () -> true));
                return null; // ServerConfig refuses REDIS_URL with SQLite
            }
            case StorageChoice.Postgres postgres -> {
                return postgres(config, engine, probes, resources, apiKeys, events);
            }
        }
    }

    private static RedisAdapters postgres(ServerConfig config, Switchboard.Config engine, List<HttpApi.Probe> probes,
                                          List<AutoCloseable> resources, Consumer<ApiKeyStore> apiKeys,
                                          UnaryOperator<EventLog> events) {
        PostgresStores postgres = PostgresStores.start(
                PostgresConfig.fromUrl(config.databaseUrl(), config.databasePoolSize(), config.databaseTimeout()));
        resources.add(postgres);
        apiKeys.accept(postgres.apiKeys());
        engine.events(events.apply(postgres.events())); // shared with the workers: they append, every node reads
        engine.journal(postgres.inboundJournal()); // deferred ingest's entries, processed by whichever worker takes them
        engine.stores(Encryption.protect(postgres.stores(), postgres.accountSecrets(), config.tokenCipher(), "PostgreSQL"));
        // accept_inbound answers a redelivery as a duplicate in the statement that stores a message: a
        // dedup in front of it (Redis, or an in-process map that grows with the traffic) would cost
        // every webhook a call to save one per redelivery
        engine.dedup(Dedup.STORE_DECIDES);
        probes.add(new HttpApi.Probe("database", null, postgres.stores().health()::healthy));
        if (config.redisUrl() == null) {
            probes.add(new HttpApi.Probe("queue", "memory", () -> true));
            return null;
        }
        RedisConfig redisConfig = RedisConfig.fromUrl(config.redisUrl());
        if (config.redisKeyPrefix() != null) redisConfig = redisConfig.withKeyPrefix(config.redisKeyPrefix());
        RedisAdapters redis = RedisAdapters.start(redisConfig);
        resources.add(redis);
        engine.queue(redis.workQueue(LEASE)).locks(redis.locks()).rateLimiter(redis.rateLimiter())
                .invalidations(redis.invalidations()); // an admin write on any node clears every node's lookup cache
        probes.add(new HttpApi.Probe("queue", null, redis.health()::healthy));
        return redis;
    }
}
