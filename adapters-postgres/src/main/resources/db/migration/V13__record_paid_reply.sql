-- TurnStore.recordPaidReply: a turn's reply and its charge in one transaction. Takes append_outbound's
-- parameters (V12) and the charge: p_tenant_id, p_ledger_id, p_cost, p_minimum, p_reference and the
-- ledger row's tokens. Answers {"outcome": "moved"} when the answered watermark is no longer
-- p_expected_watermark (nothing changes), {"outcome": "unpaid"} when the balance covers neither p_cost
-- nor p_minimum (nothing changes), else {"outcome": "recorded", "charged": n, "message": {…}}.
--
-- Before, the worker deducted with one statement and recorded with another: two commits, and a crash
-- between them charged a turn that was then redone and charged again. Locks: the conversation row
-- first (as append_outbound), then the tenant's credits row, taken last so that it is held only for
-- the deduction, its ledger row and the commit (one tenant's turns all queue on it); no path locks
-- them in the other order. A balance spent by another turn between the lock-free check and the
-- deduction raises SQLSTATE SBU01, which rolls the reply back; the caller answers "unpaid".
CREATE FUNCTION record_paid_reply(
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
    SELECT answered_through_seq INTO v_watermark FROM conversations WHERE id = p_conversation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'conversation not found: %', p_conversation_id USING ERRCODE = 'no_data_found';
    END IF;
    IF v_watermark <> p_expected_watermark THEN
        RETURN jsonb_build_object('outcome', 'moved');
    END IF;

    -- without the credits row's lock, most turns a tenant cannot pay end here having written nothing
    IF NOT EXISTS (SELECT 1 FROM credits WHERE tenant_id = p_tenant_id AND balance >= LEAST(p_cost, p_minimum)) THEN
        RETURN jsonb_build_object('outcome', 'unpaid');
    END IF;
    v_message := append_outbound(p_message_id, p_conversation_id, p_sender, p_type, p_text, p_media, p_external_id,
                                 p_reply_to_external_id, p_status, p_raw, p_input_tokens, p_output_tokens,
                                 p_total_tokens, p_now, p_expected_watermark, p_new_watermark, p_model_conversation_id);

    -- the tenant's credits row last: every turn of the tenant waits for its lock, held from here to the commit
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
        -- spent meanwhile by another turn: the error rolls the reply back with everything else
        RAISE EXCEPTION 'the balance of % no longer covers the reply', p_tenant_id USING ERRCODE = 'SBU01';
    END IF;
    INSERT INTO credit_ledger (id, tenant_id, delta, balance_after, kind, reference,
                               input_tokens, output_tokens, total_tokens, created_at)
    VALUES (p_ledger_id, p_tenant_id, -v_charged, v_balance, 'deduction', p_reference,
            p_charge_input_tokens, p_charge_output_tokens, p_charge_total_tokens, p_now);
    RETURN jsonb_build_object('outcome', 'recorded', 'charged', v_charged, 'message', v_message);
END
$$;
