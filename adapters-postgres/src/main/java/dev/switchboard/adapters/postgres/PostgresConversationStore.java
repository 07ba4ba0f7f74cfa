package dev.switchboard.adapters.postgres;

import static dev.switchboard.adapters.postgres.ConversationRows.CONVERSATION;
import static dev.switchboard.adapters.postgres.ConversationRows.MESSAGE;
import static dev.switchboard.adapters.postgres.Sql.ts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.CreditStore;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.store.TurnStart;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.core.support.Phones;
import dev.switchboard.core.support.Redact;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConversationStore} on PostgreSQL. The three appending calls are one statement each, a call
 * of a function from {@code V2__message_functions.sql}, so each costs one round trip and is atomic
 * without a client-side transaction. Inbound messages from concurrent callers are stored in groups,
 * one transaction per group ({@link CallGroupCommit#inbound}), each caller answered after its commit; so are
 * turns' paid replies ({@link CallGroupCommit#paidReplies}).
 */
final class PostgresConversationStore implements ConversationStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresConversationStore.class);

    private static final Jdbc.Named ACCEPT_INBOUND =
            Jdbc.Named.parse(CallGroupCommit.singleCallSql("accept_inbound", CallGroupCommit.INBOUND_COLUMNS));

    private static final Jdbc.Named RECORD_PAID_REPLY =
            Jdbc.Named.parse(CallGroupCommit.singleCallSql("record_paid_reply", CallGroupCommit.PAID_REPLY_COLUMNS));

    private static final Jdbc.Named APPEND_OUTBOUND =
            Jdbc.Named.parse(CallGroupCommit.singleCallSql("append_outbound", CallGroupCommit.OUTBOUND_COLUMNS));

    /** One query, one snapshot: the conversation, its unanswered inbound and its pending outbound messages. */
    private static final Jdbc.Named TURN_START = Jdbc.Named.parse("""
            SELECT to_jsonb(c)::text AS conversation,
                   (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.seq), '[]'::jsonb) FROM messages m
                     WHERE m.conversation_id = c.id AND m.direction = 'inbound'
                       AND m.seq > c.answered_through_seq)::text AS unanswered,
                   (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.seq), '[]'::jsonb) FROM messages m
                     WHERE m.conversation_id = c.id AND m.direction = 'outbound' AND m.status = 'pending')::text AS pending,
                   coalesce((SELECT cr.balance FROM credits cr WHERE cr.tenant_id = c.tenant_id), 0) AS balance,
                   ct.*
              FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = :id""");

    /**
     * A send's outcome commits asynchronously (the joined {@code set_config} lasts to the statement's
     * transaction's end): nothing waits on its WAL flush. This adds no new way to lose it. The
     * message is already out, and a worker that dies between the provider's answer and this
     * statement leaves the same state a PostgreSQL crash in the flush's few hundred milliseconds
     * would: the reply still pending, sent again by the conversation's next turn.
     */
    private static final String UPDATE_SEND = "UPDATE messages SET status = :status, external_id = COALESCE(:externalId, external_id),"
            + " attempts = :attempts, error_code = :errorCode, last_error = :lastError, updated_at = :now::timestamptz"
            + " FROM (SELECT set_config('synchronous_commit', 'off', true)) async_commit"
            + " WHERE id = :id";

    /** A send's outcome on its message. */
    static final Jdbc.Named RECORD_SEND = Jdbc.Named.parse(UPDATE_SEND);

    /** A send's outcome on its message, and what it says about the conversation (window closed, recipient blocked) on that. */
    static final Jdbc.Named RECORD_SEND_AND_EFFECTS = Jdbc.Named.parse("WITH sent AS (" + UPDATE_SEND
            + " RETURNING conversation_id, updated_at)"
            + " UPDATE conversations c SET"
            + " window_closed_at = CASE WHEN :windowClosed THEN sent.updated_at ELSE c.window_closed_at END,"
            + " recipient_blocked = c.recipient_blocked OR :blocked"
            + " FROM sent WHERE c.id = sent.conversation_id");

    /** record_paid_reply's error when the balance was spent between its check and its deduction (V13). */
    private static final String BALANCE_SPENT = "SBU01";

    private static final String OPEN = "('active', 'paused', 'escalated')";

    private final Db db;
    private final PostgresInbox inbox;
    private final Clock clock;
    private final Ids ids;
    private final CallGroupCommit groupCommit;
    private final CallGroupCommit paidReplies;

    /**
     * @param groupCommit null to store every inbound message with a call of its own
     * @param paidReplies null to record every paid reply with a call of its own
     */
    PostgresConversationStore(Db db, Clock clock, Ids ids, CallGroupCommit groupCommit, CallGroupCommit paidReplies) {
        this.db = db;
        this.inbox = new PostgresInbox(db);
        this.clock = clock;
        this.ids = ids;
        this.groupCommit = groupCommit;
        this.paidReplies = paidReplies;
    }

    @Override
    public Accepted acceptInbound(NewInbound in) {
        validate(in);
        Instant now = clock.instant();
        Instant receivedAt = in.receivedAt() == null ? now : in.receivedAt();
        Instant expiresAt = in.contactTtl() == null ? null : receivedAt.plus(in.contactTtl());
        // in CallGroupCommit.INBOUND_COLUMNS order; a number that is not E.164 is dropped rather than losing the message over it
        List<String> values = java.util.Arrays.asList(ids.next("msg"), ids.next("contact"), ids.next("conv"),
                in.tenantId(), in.agentId(), in.channelAccountId(), in.channel(), in.channelUserId(), in.displayName(),
                Phones.e164OrNull(in.phoneE164()), text(expiresAt), in.externalId(), in.type(), in.text(),
                Json.media(in.media()), in.replyToExternalId(), in.raw(), text(receivedAt), text(now),
                Json.stringMap(in.contactAttributes()));
        String json = groupCommit == null ? null
                : groupCommit.call(values, in.tenantId() + "\u0000" + in.channel() + "\u0000" + in.channelUserId());
        if (json == null) json = callAlone(ACCEPT_INBOUND, values);
        JsonNode result = Json.tree(json);
        JsonNode message = result.get("message");
        // a new message comes back without its raw payload (V11): it is the one just sent
        if (!message.has("raw") && message instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.put("raw", in.raw());
        return new Accepted(result.get("duplicate").asBoolean(), ConversationRows.message(message),
                ConversationRows.conversation(result.get("conversation")), result.get("new_conversation").asBoolean());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void validate(NewInbound in) {
        if (in == null) throw new InvalidInputException("inbound", "is required");
        required("tenant_id", in.tenantId());
        required("agent_id", in.agentId());
        required("channel_account_id", in.channelAccountId());
        required("channel", in.channel());
        required("channel_user_id", in.channelUserId());
        required("type", in.type());
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidInputException(field, "is required");
    }

    @Override
    public Message appendOutbound(String conversationId, NewOutbound outbound) {
        return append(conversationId, outbound, null, null, null)
                .orElseThrow(() -> new IllegalStateException("append without a watermark returned nothing"));
    }

    @Override
    public Optional<Message> recordReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply) {
        return append(conversationId, reply, expectedWatermark, newWatermark, null);
    }

    /** One statement: the reply, the watermark and the model conversation id change in one commit. */
    @Override
    public Optional<Message> recordReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply,
                                         String modelConversationId) {
        return append(conversationId, reply, expectedWatermark, newWatermark, modelConversationId);
    }

    /**
     * The reply and its charge in one transaction when the credits are this database's: in a group
     * commit with other turns' ({@code record_paid_reply_grouped}, V15), or alone ({@code record_paid_reply},
     * V13) when the group could not take it. Otherwise (another credit store, or a free reply) the
     * default's separate calls.
     */
    @Override
    public PaidReply recordPaidReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply,
                                     String modelConversationId, ReplyCharge charge, CreditStore credits) {
        if (charge == null || !(credits instanceof PostgresCreditStore pg) || !pg.uses(db)) {
            return ConversationStore.super.recordPaidReply(conversationId, expectedWatermark, newWatermark, reply,
                    modelConversationId, charge, credits);
        }
        // in CallGroupCommit.PAID_REPLY_COLUMNS order
        List<String> values = new java.util.ArrayList<>(outboundValues(conversationId, reply, expectedWatermark, newWatermark,
                modelConversationId));
        values.addAll(List.of(charge.tenantId(), ids.next("cred"), String.valueOf(charge.cost()),
                String.valueOf(charge.minimum()), charge.reference()));
        values.addAll(tokens(charge.usage()));
        String json = paidReplies == null ? null : paidReplies.call(values, charge.tenantId() + "\u0000" + conversationId);
        if (json == null) {
            try {
                json = callAloneOn(conversationId, RECORD_PAID_REPLY, values);
            } catch (Db.Failure e) {
                if (BALANCE_SPENT.equals(Sql.sqlState(e))) return new PaidReply.Unpaid(); // rolled back: nothing written
                throw e;
            }
        }
        JsonNode answer = Json.tree(json);
        return switch (answer.path("outcome").asText()) {
            case "recorded" -> new PaidReply.Recorded(ConversationRows.message(answer.get("message")), answer.get("charged").asLong());
            case "moved" -> new PaidReply.Moved();
            case "unpaid" -> new PaidReply.Unpaid();
            default -> throw new IllegalStateException("record_paid_reply answered " + answer.path("outcome"));
        };
    }

    private Optional<Message> append(String conversationId, NewOutbound out, Long expected, Long newWatermark,
                                     String modelConversationId) {
        String json = callAloneOn(conversationId, APPEND_OUTBOUND,
                outboundValues(conversationId, out, expected, newWatermark, modelConversationId));
        return Optional.ofNullable(json).map(ConversationRows::message);
    }

    /** One outbound message's arguments, validated, in {@link CallGroupCommit#OUTBOUND_COLUMNS} order. */
    private List<String> outboundValues(String conversationId, NewOutbound out, Long expected, Long newWatermark,
                                        String modelConversationId) {
        required("conversation_id", conversationId);
        if (out == null) throw new InvalidInputException("outbound", "is required");
        if (out.sender() == null || out.sender() == Sender.USER) {
            throw new InvalidInputException("sender", "an outbound message is sent by the agent or a human");
        }
        required("type", out.type());
        DeliveryStatus status = out.status() == null ? DeliveryStatus.PENDING : out.status();
        List<String> values = new java.util.ArrayList<>(java.util.Arrays.asList(ids.next("msg"), conversationId,
                out.sender().name().toLowerCase(Locale.ROOT), out.type(), out.text(), Json.media(out.media()), out.externalId(),
                out.replyToExternalId(), status.wire(), out.raw()));
        values.addAll(tokens(out.usage()));
        values.addAll(java.util.Arrays.asList(text(clock.instant()), text(expected), text(newWatermark), modelConversationId));
        return values;
    }

    /** A usage's input, output and total tokens as text; three nulls without one. */
    private static List<String> tokens(Usage usage) {
        return usage == null ? java.util.Arrays.asList(null, null, null)
                : List.of(Long.toString(usage.inputTokens()), Long.toString(usage.outputTokens()), Long.toString(usage.totalTokens()));
    }

    /**
     * Runs {@code sql} (a single call, see {@link CallGroupCommit#singleCallSql}) with {@code values}, on its own (one
     * round trip, autocommitted): its JSON answer, or null.
     */
    private String callAlone(Jdbc.Named sql, List<String> values) {
        Jdbc.Bound bound = sql.bind();
        for (int c = 0; c < values.size(); c++) bound.text("c" + c, values.get(c));
        return db.queryOne(bound, rs -> rs.getString(1)).orElse(null);
    }

    /** {@link #callAlone} of a function on {@code conversationId}, whose {@code no_data_found} means it does not exist. */
    private String callAloneOn(String conversationId, Jdbc.Named sql, List<String> values) {
        try {
            return callAlone(sql, values);
        } catch (Db.Failure e) {
            if (Sql.NO_DATA_FOUND.equals(Sql.sqlState(e))) throw new NotFoundException("conversation", conversationId);
            throw e;
        }
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }

    @Override
    public Optional<Conversation> find(String conversationId) {
        return db.call(h -> h.createQuery("SELECT " + CONVERSATION + " FROM conversations c WHERE c.id = :id")
                .bind("id", conversationId)
                .mapTo(String.class)
                .findOne()
                .map(ConversationRows::conversation));
    }

    @Override
    public Optional<Conversation> findOpen(String agentId, String contactId) {
        return db.call(h -> h.createQuery("SELECT " + CONVERSATION + " FROM conversations c"
                        + " WHERE c.agent_id = :agent AND c.contact_id = :contact AND c.status IN " + OPEN)
                .bind("agent", agentId)
                .bind("contact", contactId)
                .mapTo(String.class)
                .findOne()
                .map(ConversationRows::conversation));
    }

    @Override
    public List<InboxEntry> inbox(String tenantId, ConversationQuery query) {
        return inbox.inbox(tenantId, query);
    }

    @Override
    public List<Message> messageRange(String conversationId, long fromSeq, long toSeq) {
        return messages(h -> h.createQuery("SELECT " + MESSAGE + " FROM messages m"
                        + " WHERE m.conversation_id = :id AND m.seq BETWEEN :from AND :to ORDER BY m.seq")
                .bind("id", conversationId)
                .bind("from", fromSeq)
                .bind("to", toSeq)
                .mapTo(String.class)
                .list());
    }

    @Override
    public List<Message> unanswered(String conversationId) {
        return messages(h -> h.createQuery("SELECT " + MESSAGE + " FROM messages m"
                        + " JOIN conversations c ON c.id = m.conversation_id"
                        + " WHERE m.conversation_id = :id AND m.direction = 'inbound' AND m.seq > c.answered_through_seq"
                        + " ORDER BY m.seq")
                .bind("id", conversationId)
                .mapTo(String.class)
                .list());
    }

    @Override
    public Optional<TurnStart> turnStart(String conversationId) {
        return db.queryOne(TURN_START.bind().text("id", conversationId),
                rs -> new TurnStart(ConversationRows.conversation(Json.tree(rs.getString("conversation"))),
                        messages(Json.tree(rs.getString("unanswered"))), messages(Json.tree(rs.getString("pending"))),
                        rs.getString("id") == null ? null : PostgresContactStore.map(rs, null), // the contact's columns
                        rs.getLong("balance")));
    }

    private static List<Message> messages(JsonNode array) {
        List<Message> list = new java.util.ArrayList<>(array.size());
        array.forEach(n -> list.add(ConversationRows.message(n)));
        return list;
    }

    @Override
    public List<Message> history(String conversationId, int limit) {
        return messages(h -> h.createQuery("SELECT row FROM (SELECT " + MESSAGE + " AS row, m.seq FROM messages m"
                        + " WHERE m.conversation_id = :id ORDER BY m.seq DESC LIMIT :limit) newest ORDER BY seq")
                .bind("id", conversationId)
                .bind("limit", Math.max(limit, 0))
                .mapTo(String.class)
                .list());
    }

    @Override
    public List<Message> pendingOutbound(String conversationId) {
        return messages(h -> h.createQuery("SELECT " + MESSAGE + " FROM messages m"
                        + " WHERE m.conversation_id = :id AND m.direction = 'outbound' AND m.status = 'pending'"
                        + " ORDER BY m.seq")
                .bind("id", conversationId)
                .mapTo(String.class)
                .list());
    }

    @Override
    public void setMediaStoredPath(String messageId, String storedPath) {
        db.run(h -> h.createUpdate("UPDATE messages SET media = jsonb_set(media, '{stored_path}', to_jsonb(:path::text)),"
                        + " updated_at = :now::timestamptz WHERE id = :id AND media IS NOT NULL")
                .bind("id", messageId)
                .bind("path", storedPath)
                .bind("now", ts(clock.instant()))
                .execute());
    }

    /**
     * Open conversations quiet since {@code :quiet} with an inbound message past the answered watermark
     * or a pending outbound one, oldest first. Each half reads only rows that owe something, through a
     * partial index (V18): {@code conversations_awaiting_reply} and {@code messages_pending_outbound}
     * (its conversations once each: one with many sends pending must not fill the half's limit).
     */
    static final String AWAITING_REPLY_SQL = """
            SELECT id FROM (
                (SELECT c.id, c.last_inbound_at FROM conversations c
                  WHERE c.status IN ('active', 'paused', 'escalated') AND c.last_inbound_seq > c.answered_through_seq
                    AND c.last_inbound_at < :quiet::timestamptz
                  ORDER BY c.last_inbound_at
                  LIMIT :limit)
                UNION
                (SELECT c.id, c.last_inbound_at
                   FROM (SELECT DISTINCT conversation_id FROM messages
                          WHERE direction = 'outbound' AND status = 'pending') m
                   JOIN conversations c ON c.id = m.conversation_id
                  WHERE c.status IN ('active', 'paused', 'escalated') AND c.last_inbound_at < :quiet::timestamptz
                  ORDER BY c.last_inbound_at
                  LIMIT :limit)
            ) due
            ORDER BY last_inbound_at
            LIMIT :limit""";

    @Override
    public List<String> awaitingReply(Instant quietSince, int limit) {
        return db.call(h -> h.createQuery(AWAITING_REPLY_SQL)
                .bind("quiet", ts(quietSince))
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    @Override
    public List<String> awaitingExtraction(Instant quietSince, int limit) {
        return db.call(h -> h.createQuery("""
                        SELECT id FROM conversations
                        WHERE last_seq > extracted_through_seq AND last_message_at < :quiet::timestamptz
                        ORDER BY last_message_at
                        LIMIT :limit""")
                .bind("quiet", ts(quietSince))
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    private List<Message> messages(Db.HandleCall<List<String>> query) {
        return db.call(query).stream().map(ConversationRows::message).toList();
    }

    @Override
    public boolean advanceWatermark(String conversationId, long expectedWatermark, long newWatermark) {
        return db.call(h -> h.createUpdate("UPDATE conversations SET answered_through_seq = :next"
                        + " WHERE id = :id AND answered_through_seq = :expected")
                .bind("id", conversationId)
                .bind("expected", expectedWatermark)
                .bind("next", newWatermark)
                .execute()) == 1;
    }

    @Override
    public void recordSend(String messageId, SendOutcome outcome) {
        if (outcome == null || outcome.status() == null) throw new InvalidInputException("outcome", "a status is required");
        try {
            updateSend(messageId, outcome, outcome.externalId());
        } catch (ConflictException e) {
            // The provider's echo of this very send was stored first and holds the id. Keep the outcome;
            // delivery reports will find that echo row by the id.
            log.warn("send of message {} returned external id {} already stored on another message", messageId,
                    Redact.id(outcome.externalId()));
            updateSend(messageId, outcome, null);
        }
    }

    /**
     * One statement either way: when the outcome says something about the conversation (window
     * closed, recipient blocked), the message update feeds the conversation's in the same statement.
     */
    private void updateSend(String messageId, SendOutcome o, String externalId) {
        boolean effects = o.windowClosed() || o.recipientBlocked();
        Jdbc.Bound statement = (effects ? RECORD_SEND_AND_EFFECTS : RECORD_SEND).bind();
        if (effects) statement.bool("windowClosed", o.windowClosed()).bool("blocked", o.recipientBlocked());
        db.update(statement
                .text("id", messageId)
                .text("status", o.status().wire())
                .text("externalId", externalId)
                .int4("attempts", o.attempts())
                .text("errorCode", o.errorCode())
                .text("lastError", o.lastError())
                .timestamptz("now", clock.instant()));
    }

    /** One statement: the message moves, and when the report closes the window, its conversation records it. */
    @Override
    public Optional<Message> applyStatus(String channelAccountId, String externalId, DeliveryStatus status,
                                         String errorCode, String error, Instant at, boolean closesWindow) {
        if (status == null) throw new InvalidInputException("status", "is required");
        String move = "UPDATE messages m SET status = :status,"
                + " error_code = COALESCE(:errorCode, error_code), last_error = COALESCE(:error, last_error),"
                + " updated_at = :now::timestamptz"
                + " WHERE channel_account_id = :account AND external_id = :externalId AND direction = 'outbound'"
                + " AND delivery_status_can_move(status, :status)";
        String sql = !closesWindow ? move + " RETURNING " + MESSAGE
                : "WITH moved AS (" + move + " RETURNING m.*), closed AS (UPDATE conversations c"
                        + " SET window_closed_at = moved.updated_at FROM moved WHERE c.id = moved.conversation_id)"
                        + " SELECT to_jsonb(moved)::text FROM moved";
        return db.call(h -> h.createQuery(sql)
                .bind("account", channelAccountId)
                .bind("externalId", externalId)
                .bind("status", status.wire())
                .bind("errorCode", errorCode)
                .bind("error", error)
                .bind("now", ts(clock.instant()))
                .mapTo(String.class)
                .findOne()
                .map(ConversationRows::message));
    }

    @Override
    public Optional<Message> editInbound(String channelAccountId, String externalId, String newText, Instant editedAt) {
        Instant now = clock.instant();
        return db.call(h -> h.createQuery("UPDATE messages m SET text = :text,"
                        + " edited_at = GREATEST(edited_at, :editedAt::timestamptz), updated_at = :now::timestamptz"
                        + " WHERE channel_account_id = :account AND external_id = :externalId AND direction = 'inbound'"
                        + " RETURNING " + MESSAGE)
                .bind("account", channelAccountId)
                .bind("externalId", externalId)
                .bind("text", newText)
                .bind("editedAt", ts(editedAt == null ? now : editedAt))
                .bind("now", ts(now))
                .mapTo(String.class)
                .findOne()
                .map(ConversationRows::message));
    }

    @Override
    public Optional<Message> findByExternalId(String channelAccountId, String externalId) {
        return db.call(h -> h.createQuery("SELECT " + MESSAGE + " FROM messages m"
                        + " WHERE m.channel_account_id = :account AND m.external_id = :externalId")
                .bind("account", channelAccountId)
                .bind("externalId", externalId)
                .mapTo(String.class)
                .findOne()
                .map(ConversationRows::message));
    }

    @Override
    public Optional<Message> findMessage(String messageId) {
        return db.call(h -> h.createQuery("SELECT " + MESSAGE + " FROM messages m WHERE m.id = :id")
                .bind("id", messageId)
                .mapTo(String.class)
                .findOne()
                .map(ConversationRows::message));
    }

    @Override
    public List<Message> messages(String tenantId, MessageQuery query) {
        MessageQuery q = query == null ? MessageQuery.all() : query;
        return messages(h -> h.createQuery("SELECT " + MESSAGE + " FROM messages m"
                        + " JOIN conversations c ON c.id = m.conversation_id"
                        + " WHERE c.tenant_id = :tenant"
                        + " AND (:conversation::text IS NULL OR c.id = :conversation)"
                        + " AND (:account::text IS NULL OR c.channel_account_id = :account)"
                        + " AND (:contact::text IS NULL OR c.contact_id = :contact)"
                        + " ORDER BY c.created_at DESC, c.id, m.seq LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId)
                .bind("conversation", q.conversationId())
                .bind("account", q.channelAccountId())
                .bind("contact", q.contactId())
                .bind("limit", q.limit())
                .bind("offset", q.offset())
                .mapTo(String.class)
                .list());
    }

    /**
     * Unknown ids change nothing, as in core's in-memory store. Reopening a conversation while the
     * agent has another open one with the contact is a {@link ConflictException}.
     */
    @Override
    public void setStatus(String conversationId, ConversationStatus status, String reason) {
        if (status == null) throw new InvalidInputException("status", "is required");
        db.call(h -> h.createUpdate("UPDATE conversations SET status = :status, status_reason = :reason WHERE id = :id"
                                + " AND (status IS DISTINCT FROM :status OR status_reason IS DISTINCT FROM :reason)")
                        .bind("id", conversationId)
                        .bind("status", status.wire())
                        .bind("reason", reason)
                        .execute(),
                constraint -> "the agent already has an open conversation with this contact");
    }

    @Override
    public void setModelConversationId(String conversationId, String modelConversationId) {
        db.run(h -> h.createUpdate("UPDATE conversations SET model_conversation_id = :modelId WHERE id = :id"
                        + " AND model_conversation_id IS DISTINCT FROM :modelId")
                .bind("id", conversationId)
                .bind("modelId", modelConversationId)
                .execute());
    }

    /** Never moves back: two extractions finishing out of order keep the newer mark. */
    @Override
    public void setExtractedThrough(String conversationId, long seq) {
        db.run(h -> h.createUpdate("UPDATE conversations SET extracted_through_seq = :seq"
                        + " WHERE id = :id AND extracted_through_seq < :seq")
                .bind("id", conversationId)
                .bind("seq", seq)
                .execute());
    }

    /** One statement: the conversations are locked in id order, archived, and the archive row written. */
    @Override
    public List<String> archiveOpen(String channelAccountId, String oldAgentId, String newAgentId) {
        required("channel_account_id", channelAccountId);
        return db.call(h -> h.createQuery("""
                        WITH closing AS (
                            SELECT id FROM conversations
                             WHERE channel_account_id = :account AND status IN %s
                             ORDER BY id FOR UPDATE
                        ), archived AS (
                            UPDATE conversations c SET status = 'archived', status_reason = 'relinked'
                              FROM closing WHERE c.id = closing.id
                            RETURNING c.id
                        ), archive AS (
                            INSERT INTO conversation_archives
                                (id, channel_account_id, old_agent_id, new_agent_id, conversations_archived, archived_at)
                            SELECT :id, :account, :oldAgent, :newAgent, count(*), :now::timestamptz FROM archived
                        )
                        SELECT id FROM archived ORDER BY id""".formatted(OPEN))
                .bind("id", ids.next("arch"))
                .bind("account", channelAccountId)
                .bind("oldAgent", oldAgentId)
                .bind("newAgent", newAgentId)
                .bind("now", ts(clock.instant()))
                .mapTo(String.class)
                .list());
    }
}
