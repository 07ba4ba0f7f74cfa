-- accept_inbound as in V2, but finding or creating the contact in a loop: V2 read a contact it had
-- just seen conflict with STRICT, which raised if that contact was removed again in between (by
-- the other call's duplicate branch). Same signature and result.

CREATE OR REPLACE FUNCTION accept_inbound(
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
    -- same message if it was a concurrent redelivery. A conflicting insert means a concurrent first
    -- message created the contact: go round and lock it (or create it, if that message's duplicate
    -- branch below removed it again).
    LOOP
        SELECT id INTO v_contact_id FROM contacts
         WHERE tenant_id = p_tenant_id AND channel = p_channel AND channel_user_id = p_channel_user_id
           FOR UPDATE;
        EXIT WHEN FOUND;
        INSERT INTO contacts (id, tenant_id, channel, channel_user_id, display_name, phone_e164, expires_at,
                              created_at, updated_at)
        VALUES (p_contact_id, p_tenant_id, p_channel, p_channel_user_id, p_display_name, p_phone_e164,
                p_contact_expires_at, p_now, p_now)
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
