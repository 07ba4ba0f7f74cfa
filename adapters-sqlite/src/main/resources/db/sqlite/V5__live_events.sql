-- Tenants' live event log (issue 11; PostgreSQL's V9). Ids per tenant 1, 2, 3… from live_event_heads,
-- assigned in the appending write transaction (SQLite has one writer at a time, so ids commit in order).
CREATE TABLE live_event_heads (
    tenant_id TEXT PRIMARY KEY,
    last_id   INTEGER NOT NULL
);
CREATE TABLE live_events (
    tenant_id   TEXT NOT NULL,
    event_id    INTEGER NOT NULL,
    type        TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
