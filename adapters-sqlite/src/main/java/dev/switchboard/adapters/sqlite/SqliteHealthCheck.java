package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.support.HealthCheck;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * {@code SELECT 1} through the pool, answered within {@code timeout}. A probe can
 * block (a disk that stopped answering), so it runs on its
 * own virtual thread and the caller waits only {@code timeout}; callers arriving while a probe is
 * still out share it instead of piling up more.
 */
final class SqliteHealthCheck implements HealthCheck {
    private final DataSource dataSource;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    SqliteHealthCheck(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public boolean healthy() {
        try {
            return probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private CompletableFuture<Boolean> probe() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> current = inFlight.compareAndExchange(null, mine);
        if (current != null) return current;
        Thread.ofVirtual().name("sqlite-health").start(() -> {
            try {
                mine.complete(selectOne());
            } finally {
                inFlight.compareAndSet(mine, null);
            }
        });
        return mine;
    }

    private boolean selectOne() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            s.execute("SELECT 1");
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
