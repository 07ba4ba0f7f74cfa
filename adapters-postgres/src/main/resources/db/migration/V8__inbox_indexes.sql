-- Inbox views: a contact's conversations and its newest activity (GET /contacts, a contact's detail).
CREATE INDEX conversations_contact_activity ON conversations (contact_id, last_message_at DESC);
