-- The webhook log API (issue 11; PostgreSQL's V10): the provider beside the channel type, and the
-- entries that matched no tenant read newest first.
ALTER TABLE webhook_logs ADD COLUMN provider TEXT;
CREATE INDEX webhook_logs_unmatched ON webhook_logs (processed_at DESC, row_no DESC) WHERE tenant_id IS NULL;
