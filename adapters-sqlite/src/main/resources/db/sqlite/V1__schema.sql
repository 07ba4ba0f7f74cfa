-- Switchboard's tables on SQLite: the same tables, columns, keys and checks as PostgreSQL's
-- (adapters-postgres db/migration V1..V5), written in SQLite's dialect.
--
-- Times are INTEGER microseconds since the epoch (UTC): PostgreSQL's precision, and they compare
-- and sort as numbers. JSON columns are TEXT holding JSON. Booleans are INTEGER 0/1.
-- Writes are serialised by the adapter (one writer at a time, BEGIN IMMEDIATE), so the stored
-- guarantees (one inbound row per provider id, gap-free seqs) hold without row locks.

CREATE TABLE tenants (
    id            TEXT PRIMARY KEY,
    email         TEXT,
    company_name  TEXT,
    credit_policy TEXT NOT NULL DEFAULT 'per_reply' CHECK (credit_policy IN ('per_reply', 'per_1k_tokens')),
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX tenants_email_key ON tenants (lower(email));

CREATE TABLE channel_accounts (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    channel         TEXT NOT NULL,
    provider        TEXT,
    external_number TEXT,
    access_token    TEXT,
    display_name    TEXT,
    settings        TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL
);
CREATE INDEX channel_accounts_tenant ON channel_accounts (tenant_id, created_at);

CREATE TABLE agents (
    id                     TEXT PRIMARY KEY,
    tenant_id              TEXT NOT NULL,
    channel_account_id     TEXT UNIQUE,
    name                   TEXT NOT NULL,
    prompt_id              TEXT,
    prompt_version         TEXT,
    instructions           TEXT,
    model                  TEXT,
    greeting               TEXT,
    fallback_reply         TEXT,
    debounce_ms            INTEGER NOT NULL CHECK (debounce_ms >= 0),
    tools                  TEXT NOT NULL DEFAULT '[]',
    pause_on_human_reply   INTEGER NOT NULL,
    extraction_interval_ms INTEGER,
    settings               TEXT NOT NULL DEFAULT '{}',
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX agents_tenant ON agents (tenant_id, created_at);

-- E.164 is checked by the adapter (Phones.e164OrNull) before it reaches this column.
CREATE TABLE contacts (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    channel         TEXT NOT NULL,
    channel_user_id TEXT NOT NULL,
    display_name    TEXT,
    email           TEXT,
    phone_e164      TEXT CHECK (phone_e164 GLOB '+[1-9]*' AND length(phone_e164) BETWEEN 9 AND 16
                                AND substr(phone_e164, 2) NOT GLOB '*[^0-9]*'),
    metadata        TEXT NOT NULL DEFAULT '{}',
    expires_at      INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, channel, channel_user_id)
);
CREATE INDEX contacts_tenant ON contacts (tenant_id, created_at);

CREATE TABLE conversations (
    id                    TEXT PRIMARY KEY,
    tenant_id             TEXT NOT NULL,
    agent_id              TEXT NOT NULL,
    channel_account_id    TEXT NOT NULL,
    contact_id            TEXT NOT NULL REFERENCES contacts (id),
    channel               TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('active', 'paused', 'escalated', 'resolved', 'archived')),
    status_reason         TEXT,
    model_conversation_id TEXT,
    last_seq              INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    answered_through_seq  INTEGER NOT NULL DEFAULT 0,
    extracted_through_seq INTEGER NOT NULL DEFAULT 0,
    last_inbound_at       INTEGER,
    last_message_at       INTEGER NOT NULL,
    created_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX conversations_one_open ON conversations (agent_id, contact_id)
    WHERE status IN ('active', 'paused', 'escalated');
CREATE INDEX conversations_tenant_activity ON conversations (tenant_id, last_message_at DESC);
CREATE INDEX conversations_open_by_account ON conversations (channel_account_id)
    WHERE status IN ('active', 'paused', 'escalated');
CREATE INDEX conversations_model_id ON conversations (model_conversation_id);
CREATE INDEX conversations_awaiting_extraction ON conversations (last_message_at)
    WHERE last_seq > extracted_through_seq;

-- Both directions in one table; external_id unique per account whatever the direction (NULLs never collide).
CREATE TABLE messages (
    id                   TEXT PRIMARY KEY,
    tenant_id            TEXT NOT NULL,
    conversation_id      TEXT NOT NULL REFERENCES conversations (id),
    channel_account_id   TEXT NOT NULL,
    seq                  INTEGER NOT NULL CHECK (seq >= 1),
    direction            TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    sender               TEXT NOT NULL CHECK (sender IN ('user', 'agent', 'human')),
    type                 TEXT NOT NULL,
    text                 TEXT,
    media                TEXT,
    external_id          TEXT,
    reply_to_external_id TEXT,
    status               TEXT NOT NULL
        CHECK (status IN ('received', 'pending', 'sent', 'delivered', 'read', 'played', 'failed')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    error_code           TEXT,
    last_error           TEXT,
    raw                  TEXT,
    input_tokens         INTEGER,
    output_tokens        INTEGER,
    total_tokens         INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (channel_account_id, external_id)
);
CREATE INDEX messages_tenant ON messages (tenant_id);
CREATE INDEX messages_pending ON messages (conversation_id) WHERE direction = 'outbound' AND status = 'pending';

CREATE TABLE credits (
    tenant_id  TEXT PRIMARY KEY,
    balance    INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at INTEGER NOT NULL
);

CREATE TABLE credit_ledger (
    entry_no      INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    tenant_id     TEXT NOT NULL REFERENCES credits (tenant_id),
    delta         INTEGER NOT NULL,
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    kind          TEXT NOT NULL,
    reference     TEXT,
    input_tokens  INTEGER,
    output_tokens INTEGER,
    total_tokens  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX credit_ledger_tenant ON credit_ledger (tenant_id, entry_no DESC);

CREATE TABLE extractions (
    row_no             INTEGER PRIMARY KEY AUTOINCREMENT,
    id                 TEXT NOT NULL UNIQUE,
    tenant_id          TEXT NOT NULL,
    conversation_id    TEXT NOT NULL,
    name               TEXT,
    email              TEXT,
    company            TEXT,
    intent             TEXT,
    urgency            INTEGER CHECK (urgency BETWEEN 1 AND 3),
    budget             INTEGER CHECK (budget BETWEEN 1 AND 3),
    fit                INTEGER CHECK (fit BETWEEN 1 AND 3),
    engagement         INTEGER CHECK (engagement BETWEEN 1 AND 3),
    demo_datetime      INTEGER,
    smart_notification TEXT,
    through_seq        INTEGER NOT NULL,
    extracted_at       INTEGER NOT NULL
);
CREATE INDEX extractions_conversation ON extractions (conversation_id, row_no DESC);
CREATE INDEX extractions_tenant ON extractions (tenant_id, row_no DESC);

CREATE TABLE webhook_logs (
    row_no       INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    tenant_id    TEXT,
    channel      TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    success      INTEGER NOT NULL,
    error        TEXT,
    payload      TEXT,
    processed_at INTEGER NOT NULL
);
CREATE INDEX webhook_logs_tenant ON webhook_logs (tenant_id, processed_at DESC, row_no DESC);
CREATE INDEX webhook_logs_recent ON webhook_logs (processed_at DESC, row_no DESC);

CREATE TABLE conversation_archives (
    id                     TEXT PRIMARY KEY,
    channel_account_id     TEXT NOT NULL,
    old_agent_id           TEXT,
    new_agent_id           TEXT,
    conversations_archived INTEGER NOT NULL,
    archived_at            INTEGER NOT NULL
);
CREATE INDEX conversation_archives_account ON conversation_archives (channel_account_id, archived_at);
