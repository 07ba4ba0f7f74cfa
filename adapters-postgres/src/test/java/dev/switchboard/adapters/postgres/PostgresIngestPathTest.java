package dev.switchboard.adapters.postgres;

import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.CreateAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.memory.InMemoryStores;
import dev.switchboard.core.store.Stores;
import dev.switchboard.testkit.fake.ScriptedChannel;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a webhook delivery costs in database round trips on the request path, through the real
 * engine on PostgreSQL (counted on the wire). The webhook log entry is written off the request
 * path; it is kept in memory here so only the request path is counted.
 */
class PostgresIngestPathTest {
    private static RoundTripCounter counter;
    private static PostgresStores postgres;
    private static Switchboard engine;
    private static String account;
    private static ScriptedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase.shared();
        counter = RoundTripCounter.forTestDatabase();
        PostgresConfig direct = TestDatabase.config(1);
        postgres = PostgresStores.start(new PostgresConfig(counter.proxied(direct.jdbcUrl()), direct.user(), direct.password(), 1,
                Duration.ofSeconds(10)));
        Stores pg = postgres.stores();
        // the inbound group commit opens its own connections with the first inbound message: not counted below
        pg.conversations().acceptInbound(dev.switchboard.testkit.store.StoreFixtures.setup(pg)
                .inbound("16505550000", "warm-" + UUID.randomUUID(), "warm-up"));
        Stores stores = new Stores(pg.tenants(), pg.accounts(), pg.agents(), pg.contacts(), pg.conversations(), pg.credits(),
                pg.extractions(), InMemoryStores.create().stores().webhookLog(), pg.health());
        account = "rt-" + UUID.randomUUID();
        channel = new ScriptedChannel("line", "test").account(account);
        engine = Switchboard.create(c -> c.stores(stores).channel(channel));
        String tenant = engine.tenants().create(CreateTenant.withEmail("rt-" + UUID.randomUUID() + "@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("line", account, "t"));
        engine.agents().create(tenant, CreateAgent.builder("a").accountId(account).instructions("x").build());
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        postgres.close();
        counter.close();
    }

    private static long deliver(String from, String id) {
        counter.reset();
        var r = engine.ingest().receive("line", "test", channel.webhook(from + "|" + id + "|hello"));
        long trips = counter.roundTrips();
        assertThat(r.accepted()).isTrue();
        return trips;
    }

    @Test
    void a_message_costs_one_round_trip_once_the_account_is_cached_and_a_redelivery_costs_none() {
        long first = deliver("5511988880001", "m-" + UUID.randomUUID());
        assertThat(first).as("cold: account and agent lookups, then the insert").isLessThanOrEqualTo(3);
        assertThat(deliver("5511988880002", "m-" + UUID.randomUUID())).as("a new contact").isEqualTo(1);
        String id = "m-" + UUID.randomUUID();
        assertThat(deliver("5511988880002", id)).as("a known contact").isEqualTo(1);
        assertThat(deliver("5511988880002", id)).as("a redelivery, caught by dedup").isZero();
    }
}
