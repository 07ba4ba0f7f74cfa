-- The sweep for work the queue lost (PostgresConversationStore.awaitingReply, once a sweep interval)
-- without reading every open conversation.
--
-- It looked for open conversations with an inbound message past the answered watermark, or a pending
-- outbound one, by probing messages twice for every open conversation: on the bench's e2e database
-- (~270,000 open conversations) 2.4 s and 800,000 buffer reads a sweep, growing with every
-- conversation a deployment keeps open, for the few that need anything.
--
-- - conversations.last_inbound_seq: the seq of the conversation's newest inbound message, kept by
--   accept_inbound (below) and accept_inbound_batch (V19). "An inbound message past the watermark"
--   is then last_inbound_seq > answered_through_seq, a condition on the row itself.
-- - conversations_awaiting_reply: the open conversations where that holds, by last_inbound_at (the
--   sweep's order). A conversation enters it with a customer's message and leaves it when its turn
--   moves the watermark; the update that does either is not HOT anyway (last_message_at is indexed).
-- - messages_pending_outbound: outbound messages still to send, by conversation (a message leaves it
--   when its send is recorded).
ALTER TABLE conversations ADD COLUMN last_inbound_seq bigint NOT NULL DEFAULT 0;

UPDATE conversations c
   SET last_inbound_seq = i.seq
  FROM (SELECT conversation_id, max(seq) AS seq FROM messages WHERE direction = 'inbound' GROUP BY conversation_id) i
 WHERE i.conversation_id = c.id;

CREATE INDEX conversations_awaiting_reply ON conversations (last_inbound_at)
    WHERE status IN ('active', 'paused', 'escalated') AND last_inbound_seq > answered_through_seq;

CREATE INDEX messages_pending_outbound ON messages (conversation_id)
    WHERE direction = 'outbound' AND status = 'pending';

-- accept_inbound as in V17, keeping last_inbound_seq.
CREATE OR REPLACE FUNCTION accept_inbound(
    p_message_id text, p_contact_id text, p_conversation_id text,
    p_tenant_id text, p_agent_id text, p_channel_account_id text, p_channel text,
    p_channel_user_id text, p_display_name text, p_phone_e164 text, p_contact_expires_at timestamptz,
    p_external_id text, p_type text, p_text text, p_media jsonb, p_reply_to_external_id text, p_raw text,
    p_received_at timestamptz, p_now timestamptz, p_contact_attributes jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_message      messages;
    v_conversation conversations;
    v_contact_id   text;
    v_new_contact  boolean := false;
    v_opened       boolean := false;
BEGIN
    SELECT * INTO v_message FROM messages
     WHERE channel_account_id = p_channel_account_id AND external_id = p_external_id;
    IF FOUND THEN
        RETURN inbound_duplicate(v_message);
    END IF;

    INSERT INTO contacts AS c (id, tenant_id, channel, channel_user_id, display_name, phone_e164, metadata, expires_at,
                               created_at, updated_at)
    VALUES (p_contact_id, p_tenant_id, p_channel, p_channel_user_id, p_display_name, p_phone_e164,
            COALESCE(p_contact_attributes, '{}'), p_contact_expires_at, p_now, p_now)
    ON CONFLICT (tenant_id, channel, channel_user_id) DO UPDATE
       SET display_name = COALESCE(EXCLUDED.display_name, c.display_name),
           phone_e164 = COALESCE(EXCLUDED.phone_e164, c.phone_e164),
           metadata = c.metadata || COALESCE(p_contact_attributes, '{}'),
           expires_at = GREATEST(c.expires_at, EXCLUDED.expires_at),
           updated_at = p_now
    RETURNING c.id, (c.xmax = 0) INTO v_contact_id, v_new_contact;

    IF v_new_contact THEN
        -- nobody else can see this contact yet, so it has no conversation and no redelivery raced us to it
        INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,
                                   last_seq, last_inbound_seq, last_inbound_at, last_message_at, created_at)
        VALUES (p_conversation_id, p_tenant_id, p_agent_id, p_channel_account_id, v_contact_id, p_channel, 'active',
                1, 1, p_received_at, p_now, p_now)
        RETURNING * INTO v_conversation;
        v_opened := true;
    ELSE
        -- a redelivery that raced this one and committed while we waited for the contact's lock
        SELECT * INTO v_message FROM messages
         WHERE channel_account_id = p_channel_account_id AND external_id = p_external_id;
        IF FOUND THEN
            RETURN inbound_duplicate(v_message);
        END IF;

        LOOP
            SELECT * INTO v_conversation FROM conversations
             WHERE agent_id = p_agent_id AND contact_id = v_contact_id AND status IN ('active', 'paused', 'escalated')
               FOR UPDATE;
            EXIT WHEN FOUND;
            INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,
                                       last_seq, last_inbound_seq, last_inbound_at, last_message_at, created_at)
            VALUES (p_conversation_id, p_tenant_id, p_agent_id, p_channel_account_id, v_contact_id, p_channel, 'active',
                    1, 1, p_received_at, p_now, p_now)
            ON CONFLICT (agent_id, contact_id) WHERE status IN ('active', 'paused', 'escalated') DO NOTHING
            RETURNING * INTO v_conversation;
            v_opened := FOUND;
            EXIT WHEN v_opened;
        END LOOP;
    END IF;

    INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type, text,
                          media, external_id, reply_to_external_id, status, raw, created_at, updated_at)
    VALUES (p_message_id, p_tenant_id, v_conversation.id, p_channel_account_id,
            CASE WHEN v_opened THEN 1 ELSE v_conversation.last_seq + 1 END,
            'inbound', 'user', p_type, p_text, p_media, p_external_id, p_reply_to_external_id, 'received', p_raw,
            p_received_at, p_now)
    ON CONFLICT (channel_account_id, external_id) DO NOTHING
    RETURNING * INTO v_message;
    IF NOT FOUND THEN
        IF v_opened THEN
            DELETE FROM conversations WHERE id = v_conversation.id;
        END IF;
        IF v_new_contact THEN
            DELETE FROM contacts WHERE id = v_contact_id;
        END IF;
        SELECT * INTO STRICT v_message FROM messages
         WHERE channel_account_id = p_channel_account_id AND external_id = p_external_id;
        RETURN inbound_duplicate(v_message);
    END IF;

    IF NOT v_opened THEN
        UPDATE conversations
           SET last_seq = v_message.seq,
               last_inbound_seq = v_message.seq,
               last_inbound_at = GREATEST(last_inbound_at, p_received_at),
               last_message_at = GREATEST(last_message_at, p_now),
               recipient_blocked = false
         WHERE id = v_conversation.id
        RETURNING * INTO v_conversation;
    END IF;

    -- the message without its raw payload: the caller sent it and puts it back (no copy of a webhook body each way)
    RETURN jsonb_build_object('duplicate', false, 'new_conversation', v_opened,
                              'message', to_jsonb(v_message) - 'raw', 'conversation', to_jsonb(v_conversation));
END
$$;
