-- accept_inbound_batch: a group commit's inbound batch (CallGroupCommit.inbound) in one call, set-based
-- where it can be.
--
-- The batch used to call accept_inbound (V17) once per message: a PL/pgSQL call with 20 arguments and
-- four to six statements each, every one planned-cache-looked-up, started and finished on its own.
-- Measured with pg_stat_statements.track = all on the bench (every webhook a new customer), the
-- statements took ~0.30 ms a message and the call ~0.51 ms: ~0.2 ms a message went to the machinery
-- around them. Here a customer's first message, the common case, is stored by three set-based
-- inserts for the whole batch (contacts, conversations, messages), and only the rest go through
-- accept_inbound, one call each, in the batch's order, after them.
--
-- The arrays are accept_inbound's parameters, in its order, as text (the batch is bound as text[]);
-- the answer is one row per member: its 1-based position in the arrays and accept_inbound's answer.
--
-- Which members take the set-based path: the first member of each contact key (tenant, channel,
-- channel user) whose contact the insert creates. The insert's ON CONFLICT DO NOTHING leaves out a
-- contact that exists, and waits for one another transaction is inserting, like accept_inbound's
-- upsert. A contact created here is seen by nobody else, so it has no conversation to find or lock:
-- the conversation is inserted directly, with seq 1 for the message (V17's reasoning). The message
-- insert keeps ON CONFLICT DO NOTHING on the provider id: a member whose message is already stored
-- (under a contact erased and created again, say) has its new conversation and contact removed and
-- goes through accept_inbound, which answers it as a duplicate. Every other member (a known contact,
-- a second message of a contact in the batch) goes through accept_inbound after the set-based inserts,
-- so it finds the contact and conversation they made, and a contact's messages keep their order.
--
-- The conversation starts with last_inbound_seq 1, as accept_inbound (V18) starts it, for the sweep's index.
--
-- Lock order: the members arrive sorted by contact key (CallGroupCommit orders them) and each insert
-- takes them in that order, so two batches still take contact keys in one order.
CREATE FUNCTION accept_inbound_batch(
    p_message_id text[], p_contact_id text[], p_conversation_id text[],
    p_tenant_id text[], p_agent_id text[], p_channel_account_id text[], p_channel text[],
    p_channel_user_id text[], p_display_name text[], p_phone_e164 text[], p_contact_expires_at text[],
    p_external_id text[], p_type text[], p_text text[], p_media text[], p_reply_to_external_id text[], p_raw text[],
    p_received_at text[], p_now text[], p_contact_attributes text[])
RETURNS TABLE (ord bigint, answer text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_done             bigint[];
    v_answers          text[];
    v_orphan_convs     text[];
    v_orphan_contacts  text[];
BEGIN
    WITH u AS (
        SELECT *
          FROM unnest(p_message_id, p_contact_id, p_conversation_id, p_tenant_id, p_agent_id, p_channel_account_id,
                      p_channel, p_channel_user_id, p_display_name, p_phone_e164, p_contact_expires_at,
                      p_external_id, p_type, p_text, p_media, p_reply_to_external_id, p_raw, p_received_at, p_now,
                      p_contact_attributes)
               WITH ORDINALITY
            AS u(message_id, contact_id, conversation_id, tenant_id, agent_id, channel_account_id, channel,
                 channel_user_id, display_name, phone_e164, contact_expires_at, external_id, type, text, media,
                 reply_to_external_id, raw, received_at, now, contact_attributes, ord)
    ), firsts AS (
        -- A stored contact is left out by the insert's ON CONFLICT, which always probes the arbiter index. Not by
        -- a probe of our own: PL/pgSQL caches a plan per session, and one made while contacts was empty went
        -- through contacts_tenant and read a tenant's every contact for each message (PostgresInboundBatchPlanTest).
        SELECT DISTINCT ON (u.tenant_id, u.channel, u.channel_user_id) u.*
          FROM u
         ORDER BY u.tenant_id, u.channel, u.channel_user_id, u.ord
    ), new_contacts AS (
        INSERT INTO contacts (id, tenant_id, channel, channel_user_id, display_name, phone_e164, metadata,
                              expires_at, created_at, updated_at)
        SELECT contact_id, tenant_id, channel, channel_user_id, display_name, phone_e164,
               COALESCE(contact_attributes::jsonb, '{}'), contact_expires_at::timestamptz, now::timestamptz,
               now::timestamptz
          FROM firsts
         ORDER BY ord
        ON CONFLICT (tenant_id, channel, channel_user_id) DO NOTHING
        RETURNING id
    ), new_conversations AS (
        INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,
                                   last_seq, last_inbound_seq, last_inbound_at, last_message_at, created_at)
        SELECT f.conversation_id, f.tenant_id, f.agent_id, f.channel_account_id, f.contact_id, f.channel, 'active',
               1, 1, f.received_at::timestamptz, f.now::timestamptz, f.now::timestamptz
          FROM firsts f JOIN new_contacts c ON c.id = f.contact_id
         ORDER BY f.ord
        RETURNING *
    ), new_messages AS (
        INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type, text,
                              media, external_id, reply_to_external_id, status, raw, created_at, updated_at)
        SELECT f.message_id, f.tenant_id, f.conversation_id, f.channel_account_id, 1, 'inbound', 'user', f.type,
               f.text, f.media::jsonb, f.external_id, f.reply_to_external_id, 'received', f.raw,
               f.received_at::timestamptz, f.now::timestamptz
          FROM firsts f JOIN new_conversations v ON v.id = f.conversation_id
         ORDER BY f.ord
        ON CONFLICT (channel_account_id, external_id) DO NOTHING
        RETURNING *
    )
    SELECT array_agg(f.ord) FILTER (WHERE m.id IS NOT NULL),
           -- the message without its raw payload, as accept_inbound answers it
           array_agg(jsonb_build_object('duplicate', false, 'new_conversation', true,
                                        'message', to_jsonb(m) - 'raw', 'conversation', to_jsonb(v))::text)
               FILTER (WHERE m.id IS NOT NULL),
           array_agg(v.id) FILTER (WHERE m.id IS NULL),
           array_agg(f.contact_id) FILTER (WHERE m.id IS NULL)
      INTO v_done, v_answers, v_orphan_convs, v_orphan_contacts
      FROM firsts f
      JOIN new_conversations v ON v.id = f.conversation_id
      LEFT JOIN new_messages m ON m.id = f.message_id;

    IF v_orphan_convs IS NOT NULL THEN
        -- a provider id already stored: undo this member's contact and conversation; accept_inbound answers it
        DELETE FROM conversations WHERE id = ANY (v_orphan_convs);
        DELETE FROM contacts WHERE id = ANY (v_orphan_contacts);
    END IF;

    v_done := COALESCE(v_done, '{}');
    RETURN QUERY SELECT d.ord, d.answer FROM unnest(v_done, v_answers) AS d(ord, answer);

    -- the rest, in the batch's order (unnest's), in one statement: accept_inbound sees the inserts above
    RETURN QUERY
    SELECT u.ord, accept_inbound(u.message_id, u.contact_id, u.conversation_id, u.tenant_id, u.agent_id,
                                 u.channel_account_id, u.channel, u.channel_user_id, u.display_name, u.phone_e164,
                                 u.contact_expires_at::timestamptz, u.external_id, u.type, u.text, u.media::jsonb,
                                 u.reply_to_external_id, u.raw, u.received_at::timestamptz, u.now::timestamptz,
                                 u.contact_attributes::jsonb)::text
      FROM unnest(p_message_id, p_contact_id, p_conversation_id, p_tenant_id, p_agent_id, p_channel_account_id,
                  p_channel, p_channel_user_id, p_display_name, p_phone_e164, p_contact_expires_at,
                  p_external_id, p_type, p_text, p_media, p_reply_to_external_id, p_raw, p_received_at, p_now,
                  p_contact_attributes)
           WITH ORDINALITY
        AS u(message_id, contact_id, conversation_id, tenant_id, agent_id, channel_account_id, channel,
             channel_user_id, display_name, phone_e164, contact_expires_at, external_id, type, text, media,
             reply_to_external_id, raw, received_at, now, contact_attributes, ord)
     WHERE u.ord <> ALL (v_done);
END
$$;
