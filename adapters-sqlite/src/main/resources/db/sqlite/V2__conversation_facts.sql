-- Facts the hot paths used to derive from message history, now kept on the conversation and set by
-- the statement that changes them (issue 10), as PostgreSQL's V6__conversation_facts.sql; edited
-- inbound messages. Booleans are INTEGER 0/1.
--
--   greeted               an outbound message exists: no greeting is due
--   window_closed_at      a provider last reported the service window closed (closed while after
--                         last_inbound_at)
--   recipient_blocked     a send failed because the recipient blocked us; cleared when they write
--   last_agent_message_id the bot's newest message, so an echo of one of its parts is known as ours

ALTER TABLE conversations ADD COLUMN greeted INTEGER NOT NULL DEFAULT 0 CHECK (greeted IN (0, 1));
ALTER TABLE conversations ADD COLUMN window_closed_at INTEGER;
ALTER TABLE conversations ADD COLUMN recipient_blocked INTEGER NOT NULL DEFAULT 0 CHECK (recipient_blocked IN (0, 1));
ALTER TABLE conversations ADD COLUMN last_agent_message_id TEXT;

ALTER TABLE messages ADD COLUMN edited_at INTEGER;

UPDATE conversations
   SET greeted = 1
 WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'outbound');

UPDATE conversations
   SET last_agent_message_id = (SELECT m.id FROM messages m
                                 WHERE m.conversation_id = conversations.id AND m.sender = 'agent'
                                 ORDER BY m.seq DESC LIMIT 1);

-- Until now only WhatsApp Cloud's 131047 ("more than 24 hours have passed") closed the window.
UPDATE conversations
   SET window_closed_at = (SELECT max(m.updated_at) FROM messages m
                            WHERE m.conversation_id = conversations.id AND m.direction = 'outbound'
                              AND m.error_code = '131047')
 WHERE channel = 'whatsapp';
