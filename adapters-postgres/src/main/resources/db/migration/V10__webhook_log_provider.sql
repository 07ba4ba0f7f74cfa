-- The webhook log API (issue 11): the provider beside the channel type, and the entries that matched
-- no tenant (GET /webhook_logs) read newest first without scanning every tenant's rows.
ALTER TABLE webhook_logs ADD COLUMN provider text;
CREATE INDEX webhook_logs_unmatched ON webhook_logs (processed_at DESC, row_no DESC) WHERE tenant_id IS NULL;
