-- How a tenant pays for model calls: one credit per reply, or per started 1,000 tokens (issue 6).
ALTER TABLE tenants ADD COLUMN credit_policy text NOT NULL DEFAULT 'per_reply'
    CHECK (credit_policy IN ('per_reply', 'per_1k_tokens'));
