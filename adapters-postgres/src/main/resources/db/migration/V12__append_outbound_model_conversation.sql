-- append_outbound as in V6, plus p_model_conversation_id: when the message is appended, the
-- conversation's model_conversation_id is set in the same UPDATE (null leaves it as it is). A turn's
-- reply and the Responses API's new conversation id were two statements and two commits; now one.
-- The new parameter has a default, so a call with V6's sixteen arguments still resolves (a node not
-- yet upgraded keeps working); the old function is dropped so the two do not make such a call ambiguous.
DROP FUNCTION append_outbound(text, text, text, text, text, jsonb, text, text, text, text, bigint, bigint, bigint,
                              timestamptz, bigint, bigint);

CREATE OR REPLACE FUNCTION append_outbound(
    p_message_id text, p_conversation_id text, p_sender text, p_type text, p_text text, p_media jsonb,
    p_external_id text, p_reply_to_external_id text, p_status text, p_raw text,
    p_input_tokens bigint, p_output_tokens bigint, p_total_tokens bigint, p_now timestamptz,
    p_expected_watermark bigint, p_new_watermark bigint, p_model_conversation_id text DEFAULT NULL)
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
               last_agent_message_id = CASE WHEN p_sender = 'agent' THEN v_message.id ELSE last_agent_message_id END,
               model_conversation_id = COALESCE(p_model_conversation_id, model_conversation_id)
         WHERE id = v_conversation.id;
    ELSE
        SELECT * INTO STRICT v_message FROM messages
         WHERE channel_account_id = v_conversation.channel_account_id AND external_id = p_external_id;
        IF p_new_watermark IS NOT NULL OR p_model_conversation_id IS NOT NULL THEN
            UPDATE conversations
               SET answered_through_seq = COALESCE(p_new_watermark, answered_through_seq),
                   model_conversation_id = COALESCE(p_model_conversation_id, model_conversation_id)
             WHERE id = v_conversation.id;
        END IF;
    END IF;
    RETURN to_jsonb(v_message);
END
$$;
