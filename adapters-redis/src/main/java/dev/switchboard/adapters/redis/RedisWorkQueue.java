package dev.switchboard.adapters.redis;

import dev.switchboard.core.support.HealthCheck;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.work.Lease;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@link WorkQueue} on Redis Streams, shared by any number of processes that use the same key prefix.
 *
 * <p>A task goes to one of {@value #PARTITIONS} streams chosen by a hash of its key, so one
 * conversation's tasks stay in order in one stream; every stream has one consumer group and each
 * queue instance is one consumer. Leasing a task sets {@code lease:<key>} (with the lease time as
 * expiry) in the same script that reads the entry, so no two workers run tasks of one key at once;
 * a task submitted while its key is leased waits in {@code after:<key>} and is queued again when
 * the lease ends. A task submitted while the same task still waits in a stream is coalesced with it.
 * An entry is acknowledged and deleted only by {@link #complete} or {@link #release}. Entries whose
 * lease expired (the worker died or overran the lease time) are found with {@code XAUTOCLAIM} and
 * queued again. {@link #schedule} writes a sorted set (a later schedule replaces the time); due
 * tasks are moved into their streams atomically by whichever worker polls. All state lives in
 * Redis, so it survives restarts of every process.
 *
 * <p>A queue made with {@code renewLeases} renews the leases it handed out, every third of the lease
 * time, until they are completed or released: a lease then expires only when its process died (or
 * lost Redis) for the lease time, so a slow turn is never run twice and a short lease time still
 * hands a dead worker's tasks over quickly. Without it (the {@link WorkQueue} contract) a lease
 * expires a lease time after it was taken, however long the work runs.
 *
 * <p>The multi-key scripts name their keys at run time, which a single Redis (or a primary with
 * replicas) allows and Redis Cluster does not.
 *
 * <p>When Redis cannot be reached, {@link #submit} and {@link #schedule} keep the task in this
 * process and write it once Redis answers (the caller's message is already stored, so it is not
 * failed for this); {@link #take} waits and returns nothing; {@link #complete} and {@link #release}
 * throw, and the lease then expires and the task is handed out again.
 */
public final class RedisWorkQueue implements WorkQueue, AutoCloseable {
    /** Part of the key layout: every process sharing a prefix must use the same number. */
    static final int PARTITIONS = 16;
    static final String GROUP = "workers";
    private static final Logger LOG = LoggerFactory.getLogger(RedisWorkQueue.class);
    private static final long MAX_BLOCK_MS = 200;
    private static final long PROMOTE_EVERY_MS = 50;
    private static final int PROMOTE_BATCH = 200;
    private static final int TAKE_BUDGET = 32;
    private static final int RECLAIM_BATCH = 100;
    private static final long RENEW_RETRY_MS = 100;

    private static final LuaScript SUBMIT = LuaScript.of("queue-lib.lua", "queue-submit.lua");
    private static final LuaScript TAKE = LuaScript.of("queue-lib.lua", "queue-take.lua");
    private static final LuaScript CLAIM = LuaScript.of("queue-lib.lua", "queue-claim.lua");
    private static final LuaScript COMPLETE = LuaScript.of("queue-lib.lua", "queue-complete.lua");
    private static final LuaScript PROMOTE = LuaScript.of("queue-lib.lua", "queue-promote.lua");
    private static final LuaScript RECLAIM = LuaScript.of("queue-lib.lua", "queue-reclaim.lua");
    private static final LuaScript RENEW = LuaScript.of("queue-lib.lua", "queue-renew.lua");
    /** A script only so that it shares round trips with the others ({@link ScriptPipeline}). */
    private static final LuaScript SCHEDULE = LuaScript.source("return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])");

    private final JedisPooled redis;
    private final ScriptPipeline scripts;
    private final String prefix;
    private final Duration leaseTime;
    private final long reclaimEveryMs;
    private final HealthCheck health;
    private final Clock clock;
    private final String consumer = "c-" + UUID.randomUUID();
    private final AtomicLong nonces = new AtomicLong();
    private final AtomicLong nextPromoteAt = new AtomicLong(System.nanoTime());
    private final AtomicLong nextReclaimAt = new AtomicLong(System.nanoTime());
    /** Epoch ms of the earliest scheduled task seen by the last promotion; Long.MAX_VALUE if none. */
    private final AtomicLong nextDueAt = new AtomicLong(Long.MAX_VALUE);
    private final Map<String, StreamEntryID> unread;
    private final HeldTasks held;
    /** Leases this instance handed out and renews (token → task); empty when it does not renew. */
    private final Map<String, Task> running = new ConcurrentHashMap<>();
    private final Thread renewer;
    private final Outage outage;

    RedisWorkQueue(JedisPooled redis, ScriptPipeline scripts, String keyPrefix, Duration leaseTime, boolean renewLeases, HealthCheck health, Clock clock) {
        if (leaseTime == null || leaseTime.toMillis() < 100) throw new InvalidInputException("leaseTime", "must be at least 100 ms");
        this.redis = redis;
        this.scripts = scripts;
        this.outage = new Outage(LOG, "the work queue", redis);
        this.prefix = keyPrefix + "q:";
        this.leaseTime = leaseTime;
        this.reclaimEveryMs = Math.clamp(leaseTime.toMillis() / 4, 100, 5_000);
        this.health = health;
        this.clock = clock;
        Map<String, StreamEntryID> streams = new LinkedHashMap<>();
        for (int i = 0; i < PARTITIONS; i++) streams.put(stream(i), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
        this.unread = Collections.unmodifiableMap(streams);
        this.held = new HeldTasks(this::writeHeld, LOG);
        this.renewer = renewLeases ? Thread.ofVirtual().name("redis-lease-renewer").start(this::renewLoop) : null;
        try {
            createGroups();
        } catch (JedisException e) {
            if (!outage.noted(e, "the consumer groups are created once it answers")) throw e;
        }
    }

    private String stream(int partition) {
        return prefix + "s:" + partition;
    }

    private List<String> args(Object... rest) {
        List<String> a = new ArrayList<>(rest.length + 2);
        a.add(prefix);
        a.add(Integer.toString(PARTITIONS));
        for (Object o : rest) a.add(String.valueOf(o));
        return a;
    }

    private static void check(Task task) {
        if (task == null) throw new InvalidInputException("task", "is required");
        if (task.kind() == null || task.kind().isBlank()) throw new InvalidInputException("task.kind", "is required");
        if (task.key() == null || task.key().isBlank()) throw new InvalidInputException("task.key", "is required");
    }

    private static String encode(Task task) {
        return task.kind().length() + ":" + task.kind() + task.key();
    }

    @Override
    public void submit(Task task) {
        check(task);
        writeOrHold(task, clock.millis(), () -> scripts.run(SUBMIT, List.of(), args(task.kind(), task.key())));
    }

    @Override
    public void schedule(Task task, Instant at) {
        check(task);
        if (at == null) throw new InvalidInputException("at", "is required");
        writeOrHold(task, at.toEpochMilli(),
                () -> scripts.run(SCHEDULE, List.of(prefix + "sched"), List.of(Long.toString(at.toEpochMilli()), encode(task))));
    }

    /** Writes the task, or keeps it in this process (due at {@code holdAt}) while Redis does not answer. */
    private void writeOrHold(Task task, long holdAt, Runnable write) {
        if (holding()) {
            held.hold(task, holdAt);
            return;
        }
        try {
            write.run();
            outage.succeeded();
        } catch (JedisException e) {
            if (!outage.noted(e, "tasks are kept in this process until it answers")) throw e;
            held.hold(task, holdAt);
        }
    }

    /** While tasks wait to be written or Redis failed a moment ago, new ones join them without a call. */
    private boolean holding() {
        return held.size() > 0 || outage.recentlyFailed();
    }

    /** Writes a task held during an outage; keeps the earlier time if the task is scheduled already. */
    private void writeHeld(Task task, long atMillis) {
        redis.zadd(prefix + "sched", atMillis, encode(task), ZAddParams.zAddParams().lt());
        outage.succeeded();
    }

    @Override
    public Optional<Lease> take(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            try {
                housekeeping();
                Optional<Lease> lease = takeWaiting();
                if (lease.isEmpty()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) return Optional.empty();
                    lease = awaitNew(blockMillis(left));
                }
                outage.succeeded();
                if (lease.isPresent()) return track(lease);
            } catch (JedisException e) {
                if (Thread.interrupted()) throw new InterruptedException();
                if (missingGroup(e)) {
                    createGroups(); // Redis came back empty
                } else if (outage.noted(e, "workers wait for it")) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) return Optional.empty();
                    Thread.sleep(Math.min(left, 1_000));
                } else {
                    throw e;
                }
            }
            if (System.nanoTime() >= deadline) return Optional.empty();
        }
    }

    private long blockMillis(long left) {
        long untilDue = nextDueAt.get() - clock.millis();
        return Math.max(1, Math.min(left, Math.min(MAX_BLOCK_MS, Math.max(untilDue, 1))));
    }

    /** Moves due scheduled tasks and reclaims expired leases, each at most every so often per instance. */
    private void housekeeping() {
        long now = System.nanoTime();
        long promoteAt = nextPromoteAt.get();
        if (now - promoteAt >= 0 && nextPromoteAt.compareAndSet(promoteAt, now + PROMOTE_EVERY_MS * 1_000_000)) {
            long millis = clock.millis();
            long untilNext = (Long) scripts.run(PROMOTE, List.of(), args(millis, PROMOTE_BATCH));
            nextDueAt.set(untilNext < 0 ? Long.MAX_VALUE : millis + untilNext);
            if (untilNext == 0) nextPromoteAt.set(now);
        }
        long reclaimAt = nextReclaimAt.get();
        if (now - reclaimAt >= 0 && nextReclaimAt.compareAndSet(reclaimAt, now + reclaimEveryMs * 1_000_000)) {
            long moved = (Long) scripts.run(RECLAIM, List.of(), args(consumer, leaseTime.toMillis(), RECLAIM_BATCH));
            if (moved > 0) LOG.info("{} task(s) whose lease expired are handed out again", moved);
        }
    }

    /** One script call: reads waiting entries from the partitions until one can be leased. */
    private Optional<Lease> takeWaiting() {
        int start = ThreadLocalRandom.current().nextInt(PARTITIONS);
        Object r = scripts.run(TAKE, List.of(), args(consumer, start, leaseTime.toMillis(), nonce(), TAKE_BUDGET));
        if (!(r instanceof List<?> l) || l.size() != 3) return Optional.empty();
        return Optional.of(new Lease(new Task((String) l.get(1), (String) l.get(2)), (String) l.get(0)));
    }

    /** Blocks on every partition for a new entry; leases the first, hands back any extra one. */
    private Optional<Lease> awaitNew(long blockMillis) {
        var params = XReadGroupParams.xReadGroupParams().count(1).block((int) blockMillis);
        List<Map.Entry<String, List<StreamEntry>>> read = redis.xreadGroup(GROUP, consumer, params, unread);
        if (read == null) return Optional.empty();
        Lease lease = null;
        for (Map.Entry<String, List<StreamEntry>> stream : read) {
            String partition = stream.getKey().substring(stream.getKey().lastIndexOf(':') + 1);
            for (StreamEntry entry : stream.getValue()) {
                String kind = entry.getFields().get("k"), key = entry.getFields().get("c");
                Object token = scripts.run(CLAIM, List.of(), args(partition, entry.getID().toString(), kind, key,
                        leaseTime.toMillis(), nonce(), lease == null ? "lease" : "return"));
                if (token instanceof String t && lease == null) lease = new Lease(new Task(kind, key), t);
            }
        }
        return Optional.ofNullable(lease);
    }

    private Optional<Lease> track(Optional<Lease> lease) {
        if (renewer != null) lease.ifPresent(l -> running.put(l.token(), l.task()));
        return lease;
    }

    private void renewLoop() {
        long every = Math.max(leaseTime.toMillis() / 3, 20);
        long wait = every;
        while (true) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = every;
            if (running.isEmpty()) continue;
            List<Object> pairs = new ArrayList<>();
            running.forEach((token, task) -> {
                pairs.add(token);
                pairs.add(task.key());
            });
            List<Object> head = new ArrayList<>(List.of(consumer, leaseTime.toMillis()));
            head.addAll(pairs);
            try {
                Object lost = scripts.run(RENEW, List.of(), args(head.toArray()));
                if (lost instanceof List<?> tokens) tokens.forEach(running::remove);
            } catch (JedisException e) {
                // a renewal that timed out leaves the leases one period from expiry: try again soon, not a period later
                wait = Math.min(every, RENEW_RETRY_MS);
                if (!outage.noted(e, "leases are renewed once it answers")) LOG.error("renewing leases failed", e);
            }
        }
    }

    private String nonce() {
        return consumer + "-" + nonces.incrementAndGet();
    }

    @Override
    public void complete(Lease lease) {
        finish(lease, "");
    }

    @Override
    public void release(Lease lease, Duration delay) {
        boolean now = delay == null || delay.isZero() || delay.isNegative();
        finish(lease, now ? "now" : Long.toString(clock.millis() + delay.toMillis()));
    }

    private void finish(Lease lease, String again) {
        if (lease == null || lease.token() == null || !lease.token().matches("\\d+/[^/]+/.+")) {
            throw new InvalidInputException("lease", "is not a lease of this queue");
        }
        check(lease.task());
        running.remove(lease.token()); // even if Redis fails below: the lease must then expire, not be renewed
        try {
            scripts.run(COMPLETE, List.of(), args(lease.token(), lease.task().kind(), lease.task().key(), again));
        } catch (JedisException e) {
            outage.noted(e, "leases that cannot be completed expire and their tasks run again");
            throw e;
        }
    }

    @Override
    public boolean healthy() {
        return health.healthy();
    }

    /** Tasks kept in this process because Redis could not be reached; zero normally. */
    public int heldTasks() {
        return held.size();
    }

    private void createGroups() {
        for (int i = 0; i < PARTITIONS; i++) {
            try {
                redis.xgroupCreate(stream(i), GROUP, new StreamEntryID(0, 0), true);
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) throw e;
            }
        }
    }

    /**
     * The streams or their groups are gone: Redis restarted empty (NOGROUP), or the stream was deleted
     * while this worker blocked on it (UNBLOCKED). Either way the groups are created again.
     */
    private static boolean missingGroup(JedisException e) {
        return e instanceof JedisDataException && e.getMessage() != null
                && (e.getMessage().contains("NOGROUP") || e.getMessage().startsWith("UNBLOCKED"));
    }

    /** Stops retrying held tasks after one last attempt to write them. */
    @Override
    public void close() {
        if (renewer != null) renewer.interrupt();
        held.close();
    }
}
