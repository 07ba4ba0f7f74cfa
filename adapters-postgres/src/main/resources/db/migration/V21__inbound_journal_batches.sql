-- inbound_journal in batches: the concurrent webhooks whose rows one group commit inserted form a batch, keyed by the
-- smallest of their ids, and a worker processes a batch at once (one queued task, one read, one delete for up to 64
-- deliveries instead of one each). The primary key leads with the batch, so reading a batch is one index range and a
-- row still costs one index entry. Rows journaled before this migration are each a batch of their own (their id).
ALTER TABLE inbound_journal ADD COLUMN batch text;
UPDATE inbound_journal SET batch = id;
ALTER TABLE inbound_journal ALTER COLUMN batch SET NOT NULL;
ALTER TABLE inbound_journal DROP CONSTRAINT inbound_journal_pkey;
ALTER TABLE inbound_journal ADD PRIMARY KEY (batch, id);
