-- inbound_journal: deliveries verified and accepted by the webhook path but not processed yet (deferred ingest,
-- WEBHOOK_INGEST=deferred; core's InboundJournal). The webhook path appends a row (in a group commit with the other
-- concurrent webhooks) and answers the provider; a worker parses and stores the delivery's events, then deletes the
-- row. A row left by a worker that died is queued again by the sweep.
--
-- Only the primary key: the ids are time-ordered, so the sweep reads the oldest rows in key order, and a row costs
-- one index entry. The request's credentials (signature, token and key headers) are removed before it is stored.
CREATE TABLE inbound_journal (
    id          text PRIMARY KEY,
    channel     text NOT NULL,
    provider    text NOT NULL,
    request     jsonb NOT NULL, -- {"headers": {...}, "query": {...}, "path": {...}}: the request but its body
    body        bytea NOT NULL,
    received_at timestamptz NOT NULL
);
