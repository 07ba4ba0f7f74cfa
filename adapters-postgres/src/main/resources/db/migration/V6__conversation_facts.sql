-- Facts the hot paths used to derive from message history, now kept on the conversation and set by
-- the statement that changes them (issue 10); free-form contact attributes on accept; edited
-- inbound messages.
--
--   greeted               an outbound message exists: no greeting is due
--   window_closed_at      a provider last reported the service window closed (closed while after
--                         last_inbound_at)
--   recipient_blocked     a send failed because the recipient blocked us; cleared when they write
--   last_agent_message_id the bot's newest message, so an echo of one of its parts is known as ours

ALTER TABLE conversations
    ADD COLUMN greeted               boolean NOT NULL DEFAULT false,
    ADD COLUMN window_closed_at      timestamptz,
    ADD COLUMN recipient_blocked     boolean NOT NULL DEFAULT false,
    ADD COLUMN last_agent_message_id text;

ALTER TABLE messages ADD COLUMN edited_at timestamptz;

UPDATE conversations c
   SET greeted = true
 WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'outbound');

UPDATE conversations c
   SET last_agent_message_id = (SELECT m.id FROM messages m
                                 WHERE m.conversation_id = c.id AND m.sender = 'agent'
                                 ORDER BY m.seq DESC LIMIT 1);

-- Until now only WhatsApp Cloud's 131047 ("more than 24 hours have passed") closed the window.
UPDATE conversations c
   SET window_closed_at = (SELECT max(m.updated_at) FROM messages m
                            WHERE m.conversation_id = c.id AND m.direction = 'outbound' AND m.error_code = '131047')
 WHERE c.channel = 'whatsapp';

-- accept_inbound as in V3, plus: the contact's attributes are merged into its metadata, and the
-- customer writing clears recipient_blocked. One new parameter, so the old function is dropped.
DROP FUNCTION accept_inbound(text, text, text, text, text, text, text, text, text, text, timestamptz, text, text,
                             text, jsonb, text, text, timestamptz, timestamptz);

CREATE FUNCTION accept_inbound(
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

    LOOP
        SELECT id INTO v_contact_id FROM contacts
         WHERE tenant_id = p_tenant_id AND channel = p_channel AND channel_user_id = p_channel_user_id
           FOR UPDATE;
        EXIT WHEN FOUND;
        INSERT INTO contacts (id, tenant_id, channel, channel_user_id, display_name, phone_e164, metadata, expires_at,
                              created_at, updated_at)
        VALUES (p_contact_id, p_tenant_id, p_channel, p_channel_user_id, p_display_name, p_phone_e164,
                COALESCE(p_contact_attributes, '{}'), p_contact_expires_at, p_now, p_now)
        ON CONFLICT (tenant_id, channel, channel_user_id) DO NOTHING
        RETURNING id INTO v_contact_id;
        v_new_contact := FOUND;
        EXIT WHEN v_new_contact;
    END LOOP;

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
                                   last_message_at, created_at)
        VALUES (p_conversation_id, p_tenant_id, p_agent_id, p_channel_account_id, v_contact_id, p_channel, 'active',
                p_now, p_now)
        ON CONFLICT (agent_id, contact_id) WHERE status IN ('active', 'paused', 'escalated') DO NOTHING
        RETURNING * INTO v_conversation;
        v_opened := FOUND;
        EXIT WHEN v_opened;
    END LOOP;

    INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type, text,
                          media, external_id, reply_to_external_id, status, raw, created_at, updated_at)
    VALUES (p_message_id, p_tenant_id, v_conversation.id, p_channel_account_id, v_conversation.last_seq + 1,
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

    UPDATE conversations
       SET last_seq = v_message.seq,
           last_inbound_at = GREATEST(last_inbound_at, p_received_at),
           last_message_at = GREATEST(last_message_at, p_now),
           recipient_blocked = false
     WHERE id = v_conversation.id
    RETURNING * INTO v_conversation;

    IF NOT v_new_contact THEN
        UPDATE contacts
           SET display_name = COALESCE(p_display_name, display_name),
               phone_e164 = COALESCE(p_phone_e164, phone_e164),
               metadata = metadata || COALESCE(p_contact_attributes, '{}'),
               expires_at = GREATEST(expires_at, p_contact_expires_at),
               updated_at = p_now
         WHERE id = v_contact_id;
    END IF;

    RETURN jsonb_build_object('duplicate', false, 'new_conversation', v_opened,
                              'message', to_jsonb(v_message), 'conversation', to_jsonb(v_conversation));
END
$$;

-- append_outbound as in V2, plus: any outbound message marks the conversation greeted, and an
-- agent's message becomes its last_agent_message_id. Same signature.
CREATE OR REPLACE FUNCTION append_outbound(
    p_message_id text, p_conversation_id text, p_sender text, p_type text, p_text text, p_media jsonb,
    p_external_id text, p_reply_to_external_id text, p_status text, p_raw text,
    p_input_tokens bigint, p_output_tokens bigint, p_total_tokens bigint, p_now timestamptz,
    p_expected_watermark bigint, p_new_watermark bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_conversation conversations;
    v_message      messages;
BEGIN
    SELECT * INTO v_conversation FROM conversations WHERE id = p_conversation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'conversation not found: %', p_conversation_id USING ERRCODE = 'no_data_found';
    END IF;
    IF p_expected_watermark IS NOT NULL AND v_conversation.answered_through_seq <> p_expected_watermark THEN
        RETURN NULL;
    END IF;

    INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type, text,
                          media, external_id, reply_to_external_id, status, raw, input_tokens, output_tokens,
                          total_tokens, created_at, updated_at)
    VALUES (p_message_id, v_conversation.tenant_id, v_conversation.id, v_conversation.channel_account_id,
            v_conversation.last_seq + 1, 'outbound', p_sender, p_type, p_text, p_media, p_external_id,
            p_reply_to_external_id, p_status, p_raw, p_input_tokens, p_output_tokens, p_total_tokens, p_now, p_now)
    ON CONFLICT (channel_account_id, external_id) DO NOTHING
    RETURNING * INTO v_message;

    IF FOUND THEN
        UPDATE conversations
           SET last_seq = v_message.seq,
               last_message_at = GREATEST(last_message_at, p_now),
               answered_through_seq = COALESCE(p_new_watermark, answered_through_seq),
               greeted = true,
               last_agent_message_id = CASE WHEN p_sender = 'agent' THEN v_message.id ELSE last_agent_message_id END
         WHERE id = v_conversation.id;
    ELSE
        SELECT * INTO STRICT v_message FROM messages
         WHERE channel_account_id = v_conversation.channel_account_id AND external_id = p_external_id;
        IF p_new_watermark IS NOT NULL THEN
            UPDATE conversations SET answered_through_seq = p_new_watermark WHERE id = v_conversation.id;
        END IF;
    END IF;
    RETURN to_jsonb(v_message);
END
$$;
