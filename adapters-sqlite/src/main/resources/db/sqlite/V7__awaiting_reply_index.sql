-- The sweep for work the queue lost (SqliteConversationStore.awaitingReply) without reading every open
-- conversation, as PostgreSQL's V18: conversations.last_inbound_seq (the newest inbound message's seq,
-- kept by MessageWrites.acceptInbound) and two partial indexes holding only what owes something.
ALTER TABLE conversations ADD COLUMN last_inbound_seq INTEGER NOT NULL DEFAULT 0;

UPDATE conversations
   SET last_inbound_seq = COALESCE((SELECT max(m.seq) FROM messages m
                                     WHERE m.conversation_id = conversations.id AND m.direction = 'inbound'), 0);

CREATE INDEX conversations_awaiting_reply ON conversations (last_inbound_at)
    WHERE status IN ('active', 'paused', 'escalated') AND last_inbound_seq > answered_through_seq;

CREATE INDEX messages_pending_outbound ON messages (conversation_id)
    WHERE direction = 'outbound' AND status = 'pending';
