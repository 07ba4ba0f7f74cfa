package dev.switchboard.adapters.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.store.InboundJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InboundJournal} in {@code inbound_journal} (V20, V21). Appends from concurrent webhooks share
 * one multi-row insert and one commit ({@link GroupCommit}, on a pool of its own opened with the first
 * append), and each caller returns only once its row is committed; the rows of one insert are one
 * batch, keyed by their largest id. A failed batch falls back to one insert per entry, each a batch
 * of its own; the insert skips a row already stored.
 */
final class PostgresInboundJournal implements InboundJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresInboundJournal.class);

    /** Two writers, up to 64 deliveries a commit, 2 ms linger while busy (as the inbound group commit). */
    static final GroupCommit.Settings SETTINGS = new GroupCommit.Settings(2, 64, java.time.Duration.ofMillis(2));

    static final Jdbc.Named APPEND_BATCH = Jdbc.Named.parse("""
            INSERT INTO inbound_journal (batch, id, channel, provider, request, body, received_at)
            SELECT :batch, u.id, u.channel, u.provider, u.request::jsonb, decode(u.body, 'base64'), u.received_at::timestamptz
              FROM unnest(:ids::text[], :channels::text[], :providers::text[], :requests::text[], :bodies::text[],
                          :received::text[]) AS u(id, channel, provider, request, body, received_at)
            ON CONFLICT DO NOTHING""");
    static final Jdbc.Named BATCH = Jdbc.Named.parse(
            "SELECT id, channel, provider, request::text, body, received_at FROM inbound_journal WHERE batch = :batch ORDER BY id");
    static final Jdbc.Named DELETE = Jdbc.Named.parse("DELETE FROM inbound_journal WHERE batch = :batch AND id = ANY(:ids::text[])");
    /** The ids are time-ordered and a batch's key is its largest: the first row in key order is in the oldest batch. */
    static final Jdbc.Named OLDEST = Jdbc.Named.parse("SELECT received_at FROM inbound_journal ORDER BY batch, id LIMIT 1");
    /** A walk of the primary key (batch, id) that stops after {@code limit} batches. */
    static final Jdbc.Named OLDEST_BATCHES = Jdbc.Named.parse("SELECT DISTINCT batch FROM inbound_journal ORDER BY batch LIMIT :limit");
    static final Jdbc.Named BATCHES_RECEIVED_BEFORE = Jdbc.Named.parse(
            "SELECT DISTINCT batch FROM inbound_journal WHERE received_at < :before ORDER BY batch LIMIT :limit");

    private final Db db;
    private final LazyPool writers; // opened by the first batch
    private final GroupCommit<Entry, String> commit;

    PostgresInboundJournal(Db db, Supplier<HikariDataSource> connectWriters) {
        this.db = db;
        this.writers = new LazyPool(connectWriters);
        this.commit = new GroupCommit<>(SETTINGS, i -> "switchboard-journal-commit-" + i, "journal entries", log, this::write);
    }

    @Override
    public String append(Entry entry) {
        if (entry.id() == null || entry.channel() == null || entry.provider() == null || entry.request() == null) {
            throw new IllegalArgumentException("a journal entry needs an id, a channel, a provider and a request");
        }
        String batch = commit.submit(entry);
        // the batch failed, or the journal is closing: alone, a batch of its own
        return batch != null ? batch : insert(db, List.of(entry));
    }

    private List<String> write(List<Entry> batch) {
        return Collections.nCopies(batch.size(), insert(writers.db(), batch));
    }

    /** One multi-row insert, one batch. @return its key: its largest id (see {@link InboundJournal#append}) */
    private static String insert(Db db, List<Entry> batch) {
        List<String> ids = new ArrayList<>(batch.size()), channels = new ArrayList<>(batch.size()),
                providers = new ArrayList<>(batch.size()), requests = new ArrayList<>(batch.size()),
                bodies = new ArrayList<>(batch.size()), received = new ArrayList<>(batch.size());
        String key = null;
        for (Entry e : batch) {
            ids.add(e.id());
            channels.add(e.channel());
            providers.add(e.provider());
            requests.add(request(e.request()));
            bodies.add(body(e.request()));
            received.add(e.receivedAt().toString());
            if (key == null || e.id().compareTo(key) > 0) key = e.id();
        }
        db.update(APPEND_BATCH.bind().text("batch", key).textArray("ids", ids).textArray("channels", channels)
                .textArray("providers", providers).textArray("requests", requests).textArray("bodies", bodies)
                .textArray("received", received));
        return key;
    }

    @Override
    public List<Entry> batch(String key) {
        return db.query(BATCH.bind().text("batch", key), rs -> {
            JsonNode request = Json.tree(rs.getString(4));
            return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), new WebhookRequest(lists(request.path("headers")),
                    lists(request.path("query")), rs.getBytes(5), strings(request.path("path"))),
                    rs.getObject(6, java.time.OffsetDateTime.class).toInstant());
        });
    }

    @Override
    public void delete(String key, Collection<String> ids) {
        if (ids.isEmpty()) return;
        db.update(DELETE.bind().text("batch", key).textArray("ids", List.copyOf(ids)));
    }

    @Override
    public List<String> oldestBatches(int limit) {
        return db.query(OLDEST_BATCHES.bind().int4("limit", Math.max(limit, 0)), rs -> rs.getString(1));
    }

    @Override
    public List<String> batchesReceivedBefore(Instant before, int limit) {
        return db.query(BATCHES_RECEIVED_BEFORE.bind().timestamptz("before", before).int4("limit", Math.max(limit, 0)),
                rs -> rs.getString(1));
    }

    @Override
    public Optional<Instant> oldestReceivedAt() {
        return db.queryOne(OLDEST.bind(), rs -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
    }

    private static String request(WebhookRequest r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("headers", r.headers());
        json.put("query", r.query());
        json.put("path", r.pathParams());
        return Json.write(json);
    }

    private static String body(WebhookRequest r) {
        return Base64.getEncoder().encodeToString(r.body());
    }

    private static Map<String, List<String>> lists(JsonNode object) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        object.properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            map.put(e.getKey(), values);
        });
        return map;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** Batches committed (multi-row inserts) so far. */
    long batches() {
        return commit.batches();
    }

    /** Writes what is queued, then closes the writers' pool. */
    @Override
    public void close() {
        writers.refuseNew();
        commit.close();
        writers.close();
    }
}
