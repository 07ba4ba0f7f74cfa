package dev.switchboard.adapters.sqlite;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.NewInbound;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.core.support.Phones;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The appending write paths of the conversation store: what PostgreSQL's {@code accept_inbound} and
 * {@code append_outbound} functions do (as of its V6), as statements inside one write transaction:
 * accepting merges the contact's attributes into its metadata and clears {@code recipient_blocked};
 * appending marks the conversation {@code greeted} and an agent's message becomes its
 * {@code last_agent_message_id}.
 *
 * <p>Each method runs inside {@link Db#write}, so no other writer runs meanwhile: the duplicate
 * check, the contact and conversation lookups and the {@code last_seq + 1} numbering all see a
 * database nobody else changes until the commit. That gives the guarantees PostgreSQL gets from its
 * row locks: one row per (account, external id), one contact per channel user, one open
 * conversation per (agent, contact), and seqs 1, 2, 3… with no gap (a duplicate never takes a number).
 */
final class MessageWrites {
    private static final String OPEN = "('active', 'paused', 'escalated')";

    private final Ids ids;

    MessageWrites(Ids ids) {
        this.ids = ids;
    }

    Accepted acceptInbound(Handle h, NewInbound in, Instant now) {
        Instant receivedAt = in.receivedAt() == null ? now : in.receivedAt();
        Instant expiresAt = in.contactTtl() == null ? null : receivedAt.plus(in.contactTtl());
        Optional<Message> stored = findByExternalId(h, in.channelAccountId(), in.externalId());
        if (stored.isPresent()) return duplicate(h, stored.get());

        String phone = Phones.e164OrNull(in.phoneE164()); // a number that is not E.164 is dropped rather than the message
        Optional<String> existingContact = h.createQuery("SELECT id FROM contacts"
                        + " WHERE tenant_id = :tenant AND channel = :channel AND channel_user_id = :user")
                .bind("tenant", in.tenantId())
                .bind("channel", in.channel())
                .bind("user", in.channelUserId())
                .mapTo(String.class)
                .findOne();
        String contactId;
        if (existingContact.isPresent()) {
            contactId = existingContact.get();
            h.createUpdate("UPDATE contacts SET display_name = COALESCE(:name, display_name),"
                            + " phone_e164 = COALESCE(:phone, phone_e164),"
                            + " metadata = json_patch(metadata, :attributes),"
                            + " expires_at = CASE WHEN expires_at IS NULL OR :expires IS NULL THEN COALESCE(expires_at, :expires)"
                            + " ELSE max(expires_at, :expires) END,"
                            + " updated_at = :now WHERE id = :id")
                    .bind("id", contactId)
                    .bind("name", in.displayName())
                    .bind("phone", phone)
                    .bind("attributes", Json.stringMap(in.contactAttributes()))
                    .bind("expires", Sql.micros(expiresAt))
                    .bind("now", Sql.micros(now))
                    .execute();
        } else {
            contactId = ids.next("contact");
            h.createUpdate("INSERT INTO contacts (id, tenant_id, channel, channel_user_id, display_name, phone_e164,"
                            + " metadata, expires_at, created_at, updated_at)"
                            + " VALUES (:id, :tenant, :channel, :user, :name, :phone, :attributes, :expires, :now, :now)")
                    .bind("id", contactId)
                    .bind("tenant", in.tenantId())
                    .bind("channel", in.channel())
                    .bind("user", in.channelUserId())
                    .bind("name", in.displayName())
                    .bind("phone", phone)
                    .bind("attributes", Json.stringMap(in.contactAttributes()))
                    .bind("expires", Sql.micros(expiresAt))
                    .bind("now", Sql.micros(now))
                    .execute();
        }

        Optional<Conversation> open = h.createQuery("SELECT * FROM conversations"
                        + " WHERE agent_id = :agent AND contact_id = :contact AND status IN " + OPEN)
                .bind("agent", in.agentId())
                .bind("contact", contactId)
                .map(ConversationRows::conversation)
                .findOne();
        boolean opened = open.isEmpty();
        Conversation conversation = open.orElseGet(() -> h.createQuery("""
                        INSERT INTO conversations (id, tenant_id, agent_id, channel_account_id, contact_id, channel, status,
                                                   last_message_at, created_at)
                        VALUES (:id, :tenant, :agent, :account, :contact, :channel, 'active', :now, :now)
                        RETURNING *""")
                .bind("id", ids.next("conv"))
                .bind("tenant", in.tenantId())
                .bind("agent", in.agentId())
                .bind("account", in.channelAccountId())
                .bind("contact", contactId)
                .bind("channel", in.channel())
                .bind("now", Sql.micros(now))
                .map(ConversationRows::conversation)
                .one());

        Message message = h.createQuery("""
                        INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type,
                                              text, media, external_id, reply_to_external_id, status, raw, created_at, updated_at)
                        VALUES (:id, :tenant, :conversation, :account, :seq, 'inbound', 'user', :type, :text, :media,
                                :externalId, :replyTo, 'received', :raw, :receivedAt, :now)
                        RETURNING *""")
                .bind("id", ids.next("msg"))
                .bind("tenant", in.tenantId())
                .bind("conversation", conversation.id())
                .bind("account", in.channelAccountId())
                .bind("seq", conversation.lastSeq() + 1)
                .bind("type", in.type())
                .bind("text", in.text())
                .bind("media", Json.media(in.media()))
                .bind("externalId", in.externalId())
                .bind("replyTo", in.replyToExternalId())
                .bind("raw", in.raw())
                .bind("receivedAt", Sql.micros(receivedAt))
                .bind("now", Sql.micros(now))
                .map(ConversationRows::message)
                .one();

        Conversation updated = h.createQuery("""
                        UPDATE conversations
                           SET last_seq = :seq,
                               last_inbound_seq = :seq,
                               last_inbound_at = max(COALESCE(last_inbound_at, :receivedAt), :receivedAt),
                               last_message_at = max(last_message_at, :now),
                               recipient_blocked = 0
                         WHERE id = :id
                        RETURNING *""")
                .bind("id", conversation.id())
                .bind("seq", message.seq())
                .bind("receivedAt", Sql.micros(receivedAt))
                .bind("now", Sql.micros(now))
                .map(ConversationRows::conversation)
                .one();
        return new Accepted(false, message, updated, opened);
    }

    private static Accepted duplicate(Handle h, Message stored) {
        Conversation conversation = h.createQuery("SELECT * FROM conversations WHERE id = :id")
                .bind("id", stored.conversationId())
                .map(ConversationRows::conversation)
                .one();
        return new Accepted(true, stored, conversation, false);
    }

    /**
     * Appends {@code out} with the next seq; with {@code expected} given, only if the answered
     * watermark still equals it, moving it to {@code newWatermark}. Empty when the watermark had moved.
     * An outbound message whose provider id is stored already is not stored again: the stored row is
     * returned (a repeated echo of a message sent from the business's phone).
     */
    Optional<Message> append(Handle h, String conversationId, NewOutbound out, DeliveryStatus status, Long expected,
                             Long newWatermark, Instant now) {
        Conversation conversation = h.createQuery("SELECT * FROM conversations WHERE id = :id")
                .bind("id", conversationId)
                .map(ConversationRows::conversation)
                .findOne()
                .orElseThrow(() -> new NotFoundException("conversation", conversationId));
        if (expected != null && conversation.answeredThroughSeq() != expected) return Optional.empty();

        Optional<Message> echo = out.externalId() == null
                ? Optional.empty()
                : findByExternalId(h, conversation.channelAccountId(), out.externalId());
        if (echo.isPresent()) {
            if (newWatermark != null) {
                h.createUpdate("UPDATE conversations SET answered_through_seq = :next WHERE id = :id")
                        .bind("id", conversationId)
                        .bind("next", newWatermark)
                        .execute();
            }
            return echo;
        }

        Usage usage = out.usage();
        Message message = h.createQuery("""
                        INSERT INTO messages (id, tenant_id, conversation_id, channel_account_id, seq, direction, sender, type,
                                              text, media, external_id, reply_to_external_id, status, raw, input_tokens,
                                              output_tokens, total_tokens, created_at, updated_at)
                        VALUES (:id, :tenant, :conversation, :account, :seq, 'outbound', :sender, :type, :text, :media,
                                :externalId, :replyTo, :status, :raw, :inputTokens, :outputTokens, :totalTokens, :now, :now)
                        RETURNING *""")
                .bind("id", ids.next("msg"))
                .bind("tenant", conversation.tenantId())
                .bind("conversation", conversationId)
                .bind("account", conversation.channelAccountId())
                .bind("seq", conversation.lastSeq() + 1)
                .bind("sender", out.sender().name().toLowerCase(Locale.ROOT))
                .bind("type", out.type())
                .bind("text", out.text())
                .bind("media", Json.media(out.media()))
                .bind("externalId", out.externalId())
                .bind("replyTo", out.replyToExternalId())
                .bind("status", status.wire())
                .bind("raw", out.raw())
                .bind("inputTokens", usage == null ? null : usage.inputTokens())
                .bind("outputTokens", usage == null ? null : usage.outputTokens())
                .bind("totalTokens", usage == null ? null : usage.totalTokens())
                .bind("now", Sql.micros(now))
                .map(ConversationRows::message)
                .one();
        h.createUpdate("UPDATE conversations SET last_seq = :seq, last_message_at = max(last_message_at, :now),"
                        + " answered_through_seq = COALESCE(:next, answered_through_seq), greeted = 1,"
                        + " last_agent_message_id = CASE WHEN :sender = 'agent' THEN :message ELSE last_agent_message_id END"
                        + " WHERE id = :id")
                .bind("id", conversationId)
                .bind("seq", message.seq())
                .bind("sender", out.sender().name().toLowerCase(Locale.ROOT))
                .bind("message", message.id())
                .bind("now", Sql.micros(now))
                .bind("next", newWatermark)
                .execute();
        return Optional.of(message);
    }

    static Optional<Message> findByExternalId(Handle h, String channelAccountId, String externalId) {
        return h.createQuery("SELECT * FROM messages WHERE channel_account_id = :account AND external_id = :externalId")
                .bind("account", channelAccountId)
                .bind("externalId", externalId)
                .map(ConversationRows::message)
                .findOne();
    }
}
