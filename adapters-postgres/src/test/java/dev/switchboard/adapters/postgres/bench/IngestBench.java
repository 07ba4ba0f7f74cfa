package dev.switchboard.adapters.postgres.bench;

import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.adapters.postgres.RoundTripCounter;
import dev.switchboard.adapters.postgres.TestDatabase;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times {@code acceptInbound}, the ingest path's one store call, against the test database
 * ({@code TEST_DATABASE_URL}), and counts its round trips through a protocol-reading proxy.
 * Not a test: it prints numbers. Each run uses a fresh tenant; the tests truncate the tables.
 *
 * <pre>
 * mvn -q -pl adapters-postgres -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/sb-cp.txt
 * java -cp adapters-postgres/target/test-classes:adapters-postgres/target/classes:$(cat /tmp/sb-cp.txt) \
 *     dev.switchboard.adapters.postgres.bench.IngestBench [calls=20000] [threads=16] [contacts=500]
 * </pre>
 */
public final class IngestBench {
    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int contacts = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        System.out.printf("acceptInbound: %d calls, %d contacts, PostgreSQL at %s%n", calls, contacts,
                TestDatabase.config(1).jdbcUrl());

        try (RoundTripCounter counter = RoundTripCounter.forTestDatabase()) {
            PostgresConfig direct = TestDatabase.config(1);
            try (PostgresStores proxied = PostgresStores.start(new PostgresConfig(counter.proxied(direct.jdbcUrl()),
                    direct.user(), direct.password(), 1, Duration.ofSeconds(10)))) {
                Fixture f = Fixture.create(proxied.stores(), contacts);
                int n = Math.min(calls, 2_000);
                counter.reset();
                run(f, n, 1, false);
                System.out.printf("round trips: %.3f per call (%d over %d calls, new and known contacts), plus %d pool"
                        + " liveness checks%n", counter.roundTrips() / (double) n, counter.roundTrips(), n, counter.livenessChecks());
                counter.reset();
                run(f, n, 1, true);
                System.out.printf("round trips for redeliveries: %.3f per call%n", counter.roundTrips() / (double) n);
            }
        }

        try (PostgresStores postgres = TestDatabase.start(threads)) {
            Fixture f = Fixture.create(postgres.stores(), contacts);
            run(f, Math.min(calls, 1_000), threads, false); // warm-up: JIT, server-side prepared statements
            report("1 thread", f, calls / 4, 1, false);
            report(threads + " threads", f, calls, threads, false);
            report(threads + " threads, redeliveries", f, calls, threads, true);
        }
    }

    private static void report(String label, Fixture f, int calls, int threads, boolean redeliver) throws Exception {
        long[] latencies = run(f, calls, threads, redeliver);
        long elapsed = latencies[latencies.length - 1];
        long[] sorted = Arrays.copyOf(latencies, latencies.length - 1);
        Arrays.sort(sorted);
        System.out.printf("%-28s %8.0f msgs/s   p50 %6.2f ms   p99 %6.2f ms%n", label, calls / (elapsed / 1e9),
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    /** @return each call's latency in nanoseconds, then the total wall time */
    private static long[] run(Fixture f, int calls, int threads, boolean redeliver) throws Exception {
        long[] latencies = new long[calls + 1];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        Future<?>[] workers = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    NewInbound in = redeliver ? f.redelivery(i) : f.fresh(i);
                    long t0 = System.nanoTime();
                    f.conversations.acceptInbound(in);
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            });
        }
        for (Future<?> w : workers) w.get();
        latencies[calls] = System.nanoTime() - start;
        pool.shutdown();
        return latencies;
    }

    /** A tenant with one WhatsApp number and agent; messages spread over {@code contacts} senders. */
    private record Fixture(ConversationStore conversations, Tenant tenant, ChannelAccount account, Agent agent, int contacts,
                           String run, AtomicInteger fresh) {
        static Fixture create(Stores stores, int contacts) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            Instant now = Instant.now();
            Tenant tenant = stores.tenants().create(new Tenant("usr_bench_" + run, "bench-" + run + "@example.com", "Bench", null, now));
            ChannelAccount account = stores.accounts().create(new ChannelAccount("pn_bench_" + run, tenant.id(), "whatsapp", "cloud",
                    "+15550783881", Secret.of("token"), "Bench", Map.of(), now));
            Agent agent = stores.agents().create(new Agent("agt_bench_" + run, tenant.id(), account.id(), "Bench", "pmpt_1", null, null,
                    null, null, null, 0, null, true, null, Map.of(), now, now));
            return new Fixture(stores.conversations(), tenant, account, agent, contacts, run, new AtomicInteger());
        }

        NewInbound fresh(int i) {
            return inbound(i % contacts, "wamid." + run + "." + fresh.getAndIncrement());
        }

        /** A message id stored by an earlier fresh call. */
        NewInbound redelivery(int i) {
            return inbound(i % contacts, "wamid." + run + "." + (i % Math.max(1, fresh.get())));
        }

        private NewInbound inbound(int contact, String wamid) {
            String user = String.valueOf(5511900000000L + contact);
            return new NewInbound(tenant.id(), agent.id(), account.id(), "whatsapp", user, "Contact " + contact, "+" + user, wamid,
                    "text", "Olá, quero saber o preço", null, null, "{\"id\":\"" + wamid + "\"}", Instant.now(),
                    Duration.ofDays(30));
        }
    }
}
