package dev.switchboard.adapters.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Supplier;

/**
 * A group commit's own connection pool, opened by its first batch: a process that never makes that kind
 * of write (a server that only ingests makes no paid replies) opens none. Once {@link #refuseNew} is
 * called no pool is opened any more, so closing cannot race a first batch into opening one.
 */
final class LazyPool implements AutoCloseable {
    private final Supplier<HikariDataSource> connect;
    private HikariDataSource dataSource; // guarded by this
    private Db db;
    private boolean refused;

    LazyPool(Supplier<HikariDataSource> connect) {
        this.connect = connect;
    }

    /** The pool, opened now if this is its first use. @throws IllegalStateException once {@link #refuseNew} was called */
    synchronized Db db() {
        if (db == null) {
            if (refused) throw new IllegalStateException("closed");
            dataSource = connect.get();
            db = new Db(dataSource);
        }
        return db;
    }

    /** From now on a pool not opened yet is never opened (a batch then fails, and its members are stored alone). */
    synchronized void refuseNew() {
        refused = true;
    }

    /** Closes the pool, if it was opened. */
    @Override
    public synchronized void close() {
        refused = true;
        if (dataSource != null) dataSource.close();
    }
}
