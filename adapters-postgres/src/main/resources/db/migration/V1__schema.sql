-- Switchboard's tables: seed 001's schema grown to the domain, seed 000's contact sessions and
-- webhook log, and seed 002's guarantees (one messages table for both directions, inbound stored
-- once per account and provider id, one open conversation per agent and contact, gap-free seqs).
--
-- Ids of tenants, accounts and agents are deliberately not foreign keys: each store is its own
-- port, and agents and accounts can be deleted while their conversations stay as the audit trail.
-- Rows one store writes together (contact → conversation → message, balance → ledger) are linked.

CREATE TABLE tenants (
    id           text PRIMARY KEY,
    email        text,
    company_name text,
    created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX tenants_email_key ON tenants (lower(email));

CREATE TABLE channel_accounts (
    id              text PRIMARY KEY,
    tenant_id       text NOT NULL,
    channel         text NOT NULL,
    provider        text,
    external_number text,
    access_token    text,
    display_name    text,
    settings        jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL
);
CREATE INDEX channel_accounts_tenant ON channel_accounts (tenant_id, created_at);

CREATE TABLE agents (
    id                     text PRIMARY KEY,
    tenant_id              text NOT NULL,
    channel_account_id     text UNIQUE,
    name                   text NOT NULL,
    prompt_id              text,
    prompt_version         text,
    instructions           text,
    model                  text,
    greeting               text,
    fallback_reply         text,
    debounce_ms            bigint NOT NULL CHECK (debounce_ms >= 0),
    tools                  jsonb NOT NULL DEFAULT '[]',
    pause_on_human_reply   boolean NOT NULL,
    extraction_interval_ms bigint,
    settings               jsonb NOT NULL DEFAULT '{}',
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX agents_tenant ON agents (tenant_id, created_at);

-- Seed 000's contactSessions, keyed by what the channel knows, never by a made-up e-mail.
CREATE TABLE contacts (
    id              text PRIMARY KEY,
    tenant_id       text NOT NULL,
    channel         text NOT NULL,
    channel_user_id text NOT NULL,
    display_name    text,
    email           text,
    phone_e164      text CHECK (phone_e164 ~ '^\+[1-9][0-9]{7,14}$'),
    metadata        jsonb NOT NULL DEFAULT '{}',
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (tenant_id, channel, channel_user_id)
);
CREATE INDEX contacts_tenant ON contacts (tenant_id, created_at);

CREATE TABLE conversations (
    id                    text PRIMARY KEY,
    tenant_id             text NOT NULL,
    agent_id              text NOT NULL,
    channel_account_id    text NOT NULL,
    contact_id            text NOT NULL REFERENCES contacts (id),
    channel               text NOT NULL,
    status                text NOT NULL CHECK (status IN ('active', 'paused', 'escalated', 'resolved', 'archived')),
    status_reason         text,
    model_conversation_id text,
    last_seq              bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    answered_through_seq  bigint NOT NULL DEFAULT 0,
    extracted_through_seq bigint NOT NULL DEFAULT 0,
    last_inbound_at       timestamptz,
    last_message_at       timestamptz NOT NULL,
    created_at            timestamptz NOT NULL
);
-- One open conversation per (agent, contact); the predicate is repeated verbatim where SQL infers it.
CREATE UNIQUE INDEX conversations_one_open ON conversations (agent_id, contact_id)
    WHERE status IN ('active', 'paused', 'escalated');
CREATE INDEX conversations_tenant_activity ON conversations (tenant_id, last_message_at DESC);
CREATE INDEX conversations_open_by_account ON conversations (channel_account_id)
    WHERE status IN ('active', 'paused', 'escalated');
CREATE INDEX conversations_model_id ON conversations (model_conversation_id);

-- Both directions in one table. external_id is unique per account whatever the direction: a
-- provider's message id names one message, so a redelivered inbound message, a repeated echo of
-- a message sent from the business's phone, and the echo of one of our own sends all find the row
-- that is already there. NULL (an outbound message not yet sent) never collides.
CREATE TABLE messages (
    id                   text PRIMARY KEY,
    tenant_id            text NOT NULL,
    conversation_id      text NOT NULL REFERENCES conversations (id),
    channel_account_id   text NOT NULL,
    seq                  bigint NOT NULL CHECK (seq >= 1),
    direction            text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    sender               text NOT NULL CHECK (sender IN ('user', 'agent', 'human')),
    type                 text NOT NULL,
    text                 text,
    media                jsonb,
    external_id          text,
    reply_to_external_id text,
    status               text NOT NULL
        CHECK (status IN ('received', 'pending', 'sent', 'delivered', 'read', 'played', 'failed')),
    attempts             integer NOT NULL DEFAULT 0,
    error_code           text,
    last_error           text,
    -- the provider's payload exactly as received: text, so a payload that is not valid JSON is kept too
    raw                  text,
    input_tokens         bigint,
    output_tokens        bigint,
    total_tokens         bigint,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (channel_account_id, external_id)
);
CREATE INDEX messages_tenant ON messages (tenant_id);

-- Seed 001's credits: one balance per tenant, never negative, and a ledger row for every change.
CREATE TABLE credits (
    tenant_id  text PRIMARY KEY,
    balance    bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at timestamptz NOT NULL
);

CREATE TABLE credit_ledger (
    entry_no      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text NOT NULL UNIQUE,
    tenant_id     text NOT NULL REFERENCES credits (tenant_id),
    delta         bigint NOT NULL,
    balance_after bigint NOT NULL CHECK (balance_after >= 0),
    kind          text NOT NULL,
    reference     text,
    input_tokens  bigint,
    output_tokens bigint,
    total_tokens  bigint,
    created_at    timestamptz NOT NULL
);
CREATE INDEX credit_ledger_tenant ON credit_ledger (tenant_id, entry_no DESC);

-- Every extraction is a row; the newest row of a conversation is its current lead data.
CREATE TABLE extractions (
    row_no             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                 text NOT NULL UNIQUE,
    tenant_id          text NOT NULL,
    conversation_id    text NOT NULL,
    name               text,
    email              text,
    company            text,
    intent             text,
    urgency            integer CHECK (urgency BETWEEN 1 AND 3),
    budget             integer CHECK (budget BETWEEN 1 AND 3),
    fit                integer CHECK (fit BETWEEN 1 AND 3),
    engagement         integer CHECK (engagement BETWEEN 1 AND 3),
    demo_datetime      timestamptz,
    smart_notification text,
    through_seq        bigint NOT NULL,
    extracted_at       timestamptz NOT NULL
);
CREATE INDEX extractions_conversation ON extractions (conversation_id, row_no DESC);
CREATE INDEX extractions_tenant ON extractions (tenant_id, row_no DESC);

-- Seed 000's webhookLogs. The payload is kept as received (it may be the malformed one).
CREATE TABLE webhook_logs (
    row_no       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text NOT NULL UNIQUE,
    tenant_id    text,
    channel      text NOT NULL,
    event_type   text NOT NULL,
    success      boolean NOT NULL,
    error        text,
    payload      text,
    processed_at timestamptz NOT NULL
);
CREATE INDEX webhook_logs_tenant ON webhook_logs (tenant_id, processed_at DESC, row_no DESC);
CREATE INDEX webhook_logs_recent ON webhook_logs (processed_at DESC, row_no DESC);

-- A relink: which account moved from which agent to which, and how many conversations it closed.
CREATE TABLE conversation_archives (
    id                     text PRIMARY KEY,
    channel_account_id     text NOT NULL,
    old_agent_id           text,
    new_agent_id           text,
    conversations_archived integer NOT NULL,
    archived_at            timestamptz NOT NULL
);
CREATE INDEX conversation_archives_account ON conversation_archives (channel_account_id, archived_at);
