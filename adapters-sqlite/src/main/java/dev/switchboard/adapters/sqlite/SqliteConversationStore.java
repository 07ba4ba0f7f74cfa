package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.InboxEntry;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.store.SendOutcome;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.Redact;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConversationStore} on SQLite. Every call that changes more than one row (appending, a send
 * outcome that says something about the conversation, a delivery report that closes the window)
 * is one write transaction ({@link Db#write}), so it is atomic and no other writer runs meanwhile.
 */
final class SqliteConversationStore implements ConversationStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteConversationStore.class);

    private static final String OPEN = "('active', 'paused', 'escalated')";

    private final Db db;
    private final Clock clock;
    private final Ids ids;
    private final MessageWrites writes;

    SqliteConversationStore(Db db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.writes = new MessageWrites(ids);
    }

    @Override
    public Accepted acceptInbound(NewInbound in) {
        validate(in);
        return db.write(h -> writes.acceptInbound(h, in, clock.instant()));
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
        return append(conversationId, outbound, null, null)
                .orElseThrow(() -> new IllegalStateException("append without a watermark returned nothing"));
    }

    @Override
    public Optional<Message> recordReply(String conversationId, long expectedWatermark, long newWatermark, NewOutbound reply) {
        return append(conversationId, reply, expectedWatermark, newWatermark);
    }

    private Optional<Message> append(String conversationId, NewOutbound out, Long expected, Long newWatermark) {
        required("conversation_id", conversationId);
        if (out == null) throw new InvalidInputException("outbound", "is required");
        if (out.sender() == null || out.sender() == Sender.USER) {
            throw new InvalidInputException("sender", "an outbound message is sent by the agent or a human");
        }
        required("type", out.type());
        DeliveryStatus status = out.status() == null ? DeliveryStatus.PENDING : out.status();
        return db.write(h -> writes.append(h, conversationId, out, status, expected, newWatermark, clock.instant()));
    }

    @Override
    public Optional<Conversation> find(String conversationId) {
        return db.read(h -> h.createQuery("SELECT * FROM conversations c WHERE c.id = :id")
                .bind("id", conversationId)
                .map(ConversationRows::conversation)
                .findOne());
    }

    @Override
    public Optional<Conversation> findOpen(String agentId, String contactId) {
        return db.read(h -> h.createQuery("SELECT * FROM conversations c"
                        + " WHERE c.agent_id = :agent AND c.contact_id = :contact AND c.status IN " + OPEN)
                .bind("agent", agentId)
                .bind("contact", contactId)
                .map(ConversationRows::conversation)
                .findOne());
    }

    @Override
    public List<InboxEntry> inbox(String tenantId, ConversationQuery query) {
        return new SqliteInbox(db).inbox(tenantId, query);
    }

    @Override
    public List<Message> messageRange(String conversationId, long fromSeq, long toSeq) {
        return messages(h -> h.createQuery("SELECT * FROM messages WHERE conversation_id = :id AND seq BETWEEN :from AND :to ORDER BY seq")
                .bind("id", conversationId)
                .bind("from", fromSeq)
                .bind("to", toSeq)
                .map(ConversationRows::message)
                .list());
    }

    @Override
    public List<Message> unanswered(String conversationId) {
        return messages(h -> h.createQuery("SELECT m.* FROM messages m"
                        + " JOIN conversations c ON c.id = m.conversation_id"
                        + " WHERE m.conversation_id = :id AND m.direction = 'inbound' AND m.seq > c.answered_through_seq"
                        + " ORDER BY m.seq")
                .bind("id", conversationId)
                .map(ConversationRows::message)
                .list());
    }

    @Override
    public List<Message> history(String conversationId, int limit) {
        return messages(h -> h.createQuery("SELECT * FROM (SELECT m.* FROM messages m"
                        + " WHERE m.conversation_id = :id ORDER BY m.seq DESC LIMIT :limit) newest ORDER BY seq")
                .bind("id", conversationId)
                .bind("limit", Math.max(limit, 0))
                .map(ConversationRows::message)
                .list());
    }

    @Override
    public List<Message> pendingOutbound(String conversationId) {
        return messages(h -> h.createQuery("SELECT m.* FROM messages m"
                        + " WHERE m.conversation_id = :id AND m.direction = 'outbound' AND m.status = 'pending'"
                        + " ORDER BY m.seq")
                .bind("id", conversationId)
                .map(ConversationRows::message)
                .list());
    }

    @Override
    public void setMediaStoredPath(String messageId, String storedPath) {
        db.run(h -> h.createUpdate("UPDATE messages SET media = json_set(media, '$.stored_path', :path),"
                        + " updated_at = :now WHERE id = :id AND media IS NOT NULL")
                .bind("id", messageId)
                .bind("path", storedPath)
                .bind("now", Sql.micros(clock.instant()))
                .execute());
    }

    /**
     * Open conversations quiet since {@code :quiet} with an inbound message past the answered watermark
     * or a pending outbound one, oldest first; each half through its partial index (V7), the pending
     * sends' conversations once each.
     */
    static final String AWAITING_REPLY_SQL = """
            SELECT id FROM (
                SELECT * FROM (
                    SELECT c.id, c.last_inbound_at FROM conversations c
                     WHERE c.status IN ('active', 'paused', 'escalated') AND c.last_inbound_seq > c.answered_through_seq
                       AND c.last_inbound_at < :quiet
                     ORDER BY c.last_inbound_at
                     LIMIT :limit)
                UNION
                SELECT * FROM (
                    SELECT c.id, c.last_inbound_at
                      FROM (SELECT DISTINCT conversation_id FROM messages
                             WHERE direction = 'outbound' AND status = 'pending') m
                      JOIN conversations c ON c.id = m.conversation_id
                     WHERE c.status IN ('active', 'paused', 'escalated') AND c.last_inbound_at < :quiet
                     ORDER BY c.last_inbound_at
                     LIMIT :limit)
            )
            ORDER BY last_inbound_at
            LIMIT :limit""";

    @Override
    public List<String> awaitingReply(Instant quietSince, int limit) {
        return db.read(h -> h.createQuery(AWAITING_REPLY_SQL)
                .bind("quiet", Sql.micros(quietSince))
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    @Override
    public List<String> awaitingExtraction(Instant quietSince, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id FROM conversations
                        WHERE last_seq > extracted_through_seq AND last_message_at < :quiet
                        ORDER BY last_message_at
                        LIMIT :limit""")
                .bind("quiet", Sql.micros(quietSince))
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    private List<Message> messages(Db.HandleCall<List<Message>> query) {
        return db.read(query);
    }

    @Override
    public boolean advanceWatermark(String conversationId, long expectedWatermark, long newWatermark) {
        return db.write(h -> h.createUpdate("UPDATE conversations SET answered_through_seq = :next"
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
            db.run(h -> updateSend(h, messageId, outcome, outcome.externalId()));
        } catch (ConflictException e) {
            // The provider's echo of this very send was stored first and holds the id. Keep the outcome;
            // delivery reports will find that echo row by the id.
            log.warn("send of message {} returned external id {} already stored on another message", messageId,
                    Redact.id(outcome.externalId()));
            db.run(h -> updateSend(h, messageId, outcome, null));
        }
    }

    /**
     * The message's update and, when the outcome says something about the conversation (window
     * closed, recipient blocked), the conversation's, in the same transaction.
     */
    private void updateSend(Handle h, String messageId, SendOutcome o, String externalId) {
        Instant now = clock.instant();
        h.createUpdate("UPDATE messages SET status = :status, external_id = COALESCE(:externalId, external_id),"
                        + " attempts = :attempts, error_code = :errorCode, last_error = :lastError, updated_at = :now"
                        + " WHERE id = :id")
                .bind("id", messageId)
                .bind("status", o.status().wire())
                .bind("externalId", externalId)
                .bind("attempts", o.attempts())
                .bind("errorCode", o.errorCode())
                .bind("lastError", o.lastError())
                .bind("now", Sql.micros(now))
                .execute();
        if (!o.windowClosed() && !o.recipientBlocked()) return;
        h.createUpdate("UPDATE conversations SET"
                        + " window_closed_at = CASE WHEN :windowClosed THEN :now ELSE window_closed_at END,"
                        + " recipient_blocked = recipient_blocked OR :blocked"
                        + " WHERE id = (SELECT conversation_id FROM messages WHERE id = :id)")
                .bind("id", messageId)
                .bind("windowClosed", o.windowClosed())
                .bind("blocked", o.recipientBlocked())
                .bind("now", Sql.micros(now))
                .execute();
    }

    /** One write transaction: the message moves, and when the report closes the window, its conversation records it. */
    @Override
    public Optional<Message> applyStatus(String channelAccountId, String externalId, DeliveryStatus status,
                                         String errorCode, String error, Instant at, boolean closesWindow) {
        if (status == null) throw new InvalidInputException("status", "is required");
        return db.write(h -> {
            Optional<Message> current = MessageWrites.findByExternalId(h, channelAccountId, externalId)
                    .filter(m -> m.direction() == Direction.OUTBOUND && m.status().canMoveTo(status));
            if (current.isEmpty()) return Optional.<Message>empty();
            Optional<Message> moved = h.createQuery("UPDATE messages SET status = :status,"
                            + " error_code = COALESCE(:errorCode, error_code), last_error = COALESCE(:error, last_error),"
                            + " updated_at = :now WHERE id = :id RETURNING *")
                    .bind("id", current.get().id())
                    .bind("status", status.wire())
                    .bind("errorCode", errorCode)
                    .bind("error", error)
                    .bind("now", Sql.micros(clock.instant()))
                    .map(ConversationRows::message)
                    .findOne();
            if (closesWindow && moved.isPresent()) {
                h.createUpdate("UPDATE conversations SET window_closed_at = :at WHERE id = :id")
                        .bind("id", moved.get().conversationId())
                        .bind("at", Sql.micros(moved.get().updatedAt()))
                        .execute();
            }
            return moved;
        });
    }

    /** Only an inbound message is edited; {@code edited_at} never moves back, {@code raw} is kept. */
    @Override
    public Optional<Message> editInbound(String channelAccountId, String externalId, String newText, Instant editedAt) {
        Instant now = clock.instant();
        return db.write(h -> h.createQuery("UPDATE messages SET text = :text,"
                        + " edited_at = max(COALESCE(edited_at, :editedAt), :editedAt), updated_at = :now"
                        + " WHERE channel_account_id = :account AND external_id = :externalId AND direction = 'inbound'"
                        + " RETURNING *")
                .bind("account", channelAccountId)
                .bind("externalId", externalId)
                .bind("text", newText)
                .bind("editedAt", Sql.micros(editedAt == null ? now : editedAt))
                .bind("now", Sql.micros(now))
                .map(ConversationRows::message)
                .findOne());
    }

    @Override
    public Optional<Message> findByExternalId(String channelAccountId, String externalId) {
        return db.read(h -> h.createQuery("SELECT m.* FROM messages m"
                        + " WHERE m.channel_account_id = :account AND m.external_id = :externalId")
                .bind("account", channelAccountId)
                .bind("externalId", externalId)
                .map(ConversationRows::message)
                .findOne());
    }

    @Override
    public Optional<Message> findMessage(String messageId) {
        return db.read(h -> h.createQuery("SELECT m.* FROM messages m WHERE m.id = :id")
                .bind("id", messageId)
                .map(ConversationRows::message)
                .findOne());
    }

    @Override
    public List<Message> messages(String tenantId, MessageQuery query) {
        MessageQuery q = query == null ? MessageQuery.all() : query;
        return messages(h -> h.createQuery("SELECT m.* FROM messages m"
                        + " JOIN conversations c ON c.id = m.conversation_id"
                        + " WHERE c.tenant_id = :tenant"
                        + " AND (:conversation IS NULL OR c.id = :conversation)"
                        + " AND (:account IS NULL OR c.channel_account_id = :account)"
                        + " AND (:contact IS NULL OR c.contact_id = :contact)"
                        + " ORDER BY c.created_at DESC, c.id, m.seq LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId)
                .bind("conversation", q.conversationId())
                .bind("account", q.channelAccountId())
                .bind("contact", q.contactId())
                .bind("limit", q.limit())
                .bind("offset", q.offset())
                .map(ConversationRows::message)
                .list());
    }

    /**
     * Unknown ids change nothing, as in core's in-memory store. Reopening a conversation while the
     * agent has another open one with the contact is a {@link ConflictException}.
     */
    @Override
    public void setStatus(String conversationId, ConversationStatus status, String reason) {
        if (status == null) throw new InvalidInputException("status", "is required");
        db.write(h -> h.createUpdate("UPDATE conversations SET status = :status, status_reason = :reason WHERE id = :id")
                        .bind("id", conversationId)
                        .bind("status", status.wire())
                        .bind("reason", reason)
                        .execute(),
                constraint -> "the agent already has an open conversation with this contact");
    }

    @Override
    public void setModelConversationId(String conversationId, String modelConversationId) {
        db.run(h -> h.createUpdate("UPDATE conversations SET model_conversation_id = :modelId WHERE id = :id")
                .bind("id", conversationId)
                .bind("modelId", modelConversationId)
                .execute());
    }

    /** Never moves back: two extractions finishing out of order keep the newer mark. */
    @Override
    public void setExtractedThrough(String conversationId, long seq) {
        db.run(h -> h.createUpdate("UPDATE conversations SET extracted_through_seq = max(extracted_through_seq, :seq)"
                        + " WHERE id = :id")
                .bind("id", conversationId)
                .bind("seq", seq)
                .execute());
    }

    /** One write transaction: the open conversations are archived and the archive row written. */
    @Override
    public List<String> archiveOpen(String channelAccountId, String oldAgentId, String newAgentId) {
        required("channel_account_id", channelAccountId);
        return db.write(h -> {
            List<String> archived = h.createQuery("UPDATE conversations SET status = 'archived', status_reason = 'relinked'"
                            + " WHERE channel_account_id = :account AND status IN " + OPEN + " RETURNING id")
                    .bind("account", channelAccountId)
                    .mapTo(String.class)
                    .list().stream().sorted().toList();
            h.createUpdate("""
                            INSERT INTO conversation_archives
                                (id, channel_account_id, old_agent_id, new_agent_id, conversations_archived, archived_at)
                            VALUES (:id, :account, :oldAgent, :newAgent, :archived, :now)""")
                    .bind("id", ids.next("arch"))
                    .bind("account", channelAccountId)
                    .bind("oldAgent", oldAgentId)
                    .bind("newAgent", newAgentId)
                    .bind("archived", archived.size())
                    .bind("now", Sql.micros(clock.instant()))
                    .execute();
            return archived;
        });
    }
}
