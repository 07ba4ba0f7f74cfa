-- The write paths of the conversation store, each one function so that a call is one round trip.
--
-- Sequence numbers: every append takes the conversation row lock (SELECT … FOR UPDATE), inserts the
-- message with last_seq + 1 and then sets last_seq to it. Writers of one conversation queue on that
-- lock, so seqs are 1, 2, 3… with no duplicate; and last_seq only moves after the insert succeeded,
-- so a message that turns out to be a duplicate never consumes a number.

-- Mirrors DeliveryStatus.canMoveTo in core; PostgresDeliveryStatusTest pins the two together.
CREATE FUNCTION delivery_status_rank(p_status text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_status
        WHEN 'received' THEN 0 WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
        WHEN 'read' THEN 3 WHEN 'played' THEN 4 WHEN 'failed' THEN -1
    END
$$;

CREATE FUNCTION delivery_status_can_move(p_current text, p_next text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN p_next = p_current THEN false
        WHEN p_next = 'failed' THEN delivery_status_rank(p_current) < delivery_status_rank('read')
        WHEN p_current = 'failed' THEN false
        ELSE delivery_status_rank(p_next) > delivery_status_rank(p_current)
    END
$$;

-- The answer of accept_inbound for a message that was stored before.
CREATE FUNCTION inbound_duplicate(p_message messages) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('duplicate', true, 'new_conversation', false,
                              'message', to_jsonb(p_message), 'conversation', to_jsonb(c))
      FROM conversations c
     WHERE c.id = p_message.conversation_id
$$;

-- ConversationStore.acceptInbound. The ids are fresh candidates from the caller, used only when a
-- contact, conversation or message is created. Returns
-- {duplicate, new_conversation, message: <messages row>, conversation: <conversations row>}.
CREATE FUNCTION accept_inbound(
    p_message_id text, p_contact_id text, p_conversation_id text,
    p_tenant_id text, p_agent_id text, p_channel_account_id text, p_channel text,
    p_channel_user_id text, p_display_name text, p_phone_e164 text, p_contact_expires_at timestamptz,
    p_external_id text, p_type text, p_text text, p_media jsonb, p_reply_to_external_id text, p_raw text,
    p_received_at timestamptz, p_now timestamptz)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_message      messages;
    v_conversation conversations;
    v_contact_id   text;
    v_new_contact  boolean := false;
    v_opened       boolean := false;
BEGIN
    -- A redelivery (the common retry) costs one index lookup and changes nothing.
    SELECT * INTO v_message FROM messages
     WHERE channel_account_id = p_channel_account_id AND external_id = p_external_id;
    IF FOUND THEN
        RETURN inbound_duplicate(v_message);
    END IF;

    -- Lock the contact, creating it if new. Concurrent messages from one contact queue here, so
    -- each one sees what the previous one committed: the contact, its open conversation, and the
    -- same message if it was a concurrent redelivery.
    SELECT id INTO v_contact_id FROM contacts
     WHERE tenant_id = p_tenant_id AND channel = p_channel AND channel_user_id = p_channel_user_id
       FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO contacts (id, tenant_id, channel, channel_user_id, display_name, phone_e164, expires_at,
                              created_at, updated_at)
        VALUES (p_contact_id, p_tenant_id, p_channel, p_channel_user_id, p_display_name, p_phone_e164,
                p_contact_expires_at, p_now, p_now)
        ON CONFLICT (tenant_id, channel, channel_user_id) DO NOTHING
        RETURNING id INTO v_contact_id;
        v_new_contact := FOUND;
        IF NOT v_new_contact THEN
            -- created by a concurrent first message, which has committed by now
            SELECT id INTO STRICT v_contact_id FROM contacts
             WHERE tenant_id = p_tenant_id AND channel = p_channel AND channel_user_id = p_channel_user_id
               FOR UPDATE;
        END IF;
    END IF;

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
        -- Stored meanwhile by a writer that does not take this contact's lock (an outbound echo
        -- carrying the same provider id). Undo what this call created and answer as a duplicate.
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
           last_message_at = GREATEST(last_message_at, p_now)
     WHERE id = v_conversation.id
    RETURNING * INTO v_conversation;

    IF NOT v_new_contact THEN
        UPDATE contacts
           SET display_name = COALESCE(p_display_name, display_name),
               phone_e164 = COALESCE(p_phone_e164, phone_e164),
               expires_at = GREATEST(expires_at, p_contact_expires_at),
               updated_at = p_now
         WHERE id = v_contact_id;
    END IF;

    RETURN jsonb_build_object('duplicate', false, 'new_conversation', v_opened,
                              'message', to_jsonb(v_message), 'conversation', to_jsonb(v_conversation));
END
$$;

-- ConversationStore.appendOutbound, and recordReply when p_expected_watermark is given: then the
-- message is appended only if answered_through_seq still equals it, and the watermark moves to
-- p_new_watermark in the same step. Returns the messages row as jsonb, or NULL when the watermark
-- had moved. An outbound message whose provider id is stored already is not stored again: the
-- stored row is returned (a repeated echo of a message sent from the business's phone).
CREATE FUNCTION append_outbound(
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
               answered_through_seq = COALESCE(p_new_watermark, answered_through_seq)
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
