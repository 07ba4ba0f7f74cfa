-- The sweep asks every 30 s for conversations with messages not yet extracted and quiet for a while
-- (PostgresConversationStore.awaitingExtraction). Without this index that is a scan of every
-- conversation ever held; with it, of the few that are due.
CREATE INDEX conversations_awaiting_extraction ON conversations (last_message_at)
    WHERE last_seq > extracted_through_seq;
