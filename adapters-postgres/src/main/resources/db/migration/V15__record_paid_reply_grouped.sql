-- record_paid_reply_grouped: record_paid_reply (V13) as one member of a group commit (CallGroupCommit.paidReplies):
-- many turns' replies and charges in one statement, one transaction, one commit.
--
-- Every turn of a tenant queues on the tenant's credits row, and a turn holds that row's lock until its
-- commit's WAL is flushed: one fsync per turn, one after the other (measured on the bench: record_paid_reply
-- averaged 3.7 ms a call, almost all of it waiting for that lock). A group pays one flush for all its turns.
--
-- Same parameters and answers as record_paid_reply, with two differences that let a group never fail or
-- deadlock because of one member:
-- - the conversation row is taken with SKIP LOCKED; when it is locked by another transaction (an inbound
--   batch, say) or missing, the answer is NULL and the member is recorded alone with record_paid_reply,
--   which waits for the lock or reports the missing conversation. So a group waits for no conversation.
-- - the charge comes before the reply, so a balance that no longer covers it answers "unpaid" having written
--   nothing, without an exception that would roll the whole group back.
-- A group locks credits rows in tenant order (its members are sorted by tenant), so two groups, or a group
-- and a single call (which takes its credits row last), cannot wait for each other in a circle.
CREATE FUNCTION record_paid_reply_grouped(
    p_message_id text, p_conversation_id text, p_sender text, p_type text, p_text text, p_media jsonb,
    p_external_id text, p_reply_to_external_id text, p_status text, p_raw text,
    p_input_tokens bigint, p_output_tokens bigint, p_total_tokens bigint, p_now timestamptz,
    p_expected_watermark bigint, p_new_watermark bigint, p_model_conversation_id text,
    p_tenant_id text, p_ledger_id text, p_cost bigint, p_minimum bigint, p_reference text,
    p_charge_input_tokens bigint, p_charge_output_tokens bigint, p_charge_total_tokens bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_watermark bigint;
    v_charged   bigint := p_cost;
    v_balance   bigint;
    v_message   jsonb;
BEGIN
    SELECT answered_through_seq INTO v_watermark FROM conversations WHERE id = p_conversation_id FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_watermark <> p_expected_watermark THEN
        RETURN jsonb_build_object('outcome', 'moved');
    END IF;

    UPDATE credits SET balance = balance - p_cost, updated_at = p_now
     WHERE tenant_id = p_tenant_id AND balance >= p_cost
    RETURNING balance INTO v_balance;
    IF NOT FOUND AND p_minimum < p_cost THEN
        v_charged := p_minimum;
        UPDATE credits SET balance = balance - p_minimum, updated_at = p_now
         WHERE tenant_id = p_tenant_id AND balance >= p_minimum
        RETURNING balance INTO v_balance;
    END IF;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'unpaid');
    END IF;

    v_message := append_outbound(p_message_id, p_conversation_id, p_sender, p_type, p_text, p_media, p_external_id,
                                 p_reply_to_external_id, p_status, p_raw, p_input_tokens, p_output_tokens,
                                 p_total_tokens, p_now, p_expected_watermark, p_new_watermark, p_model_conversation_id);
    INSERT INTO credit_ledger (id, tenant_id, delta, balance_after, kind, reference,
                               input_tokens, output_tokens, total_tokens, created_at)
    VALUES (p_ledger_id, p_tenant_id, -v_charged, v_balance, 'deduction', p_reference,
            p_charge_input_tokens, p_charge_output_tokens, p_charge_total_tokens, p_now);
    RETURN jsonb_build_object('outcome', 'recorded', 'charged', v_charged, 'message', v_message);
END
$$;
