-- Tenants' live event log (issue 11, GET /users/{id}/events). Ids are per tenant 1, 2, 3…, taken from
-- live_event_heads under its row lock in the appending statement, so they commit in id order
-- (a reader never sees id n before n-1). Old rows are pruned past the retention (10,000 per tenant).
CREATE TABLE live_event_heads (
    tenant_id text PRIMARY KEY,
    last_id   bigint NOT NULL
);
CREATE TABLE live_events (
    tenant_id   text NOT NULL,
    event_id    bigint NOT NULL,
    type        text NOT NULL,
    resource_id text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
