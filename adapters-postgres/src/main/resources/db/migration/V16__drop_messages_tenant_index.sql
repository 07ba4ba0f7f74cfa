-- No query reads messages by tenant alone: every tenant-wide read joins them through conversations
-- (whose tenant index it uses) and no foreign key points at messages.tenant_id. The index only cost an
-- entry per stored message, inbound and outbound, on the webhook path.
DROP INDEX IF EXISTS messages_tenant;
