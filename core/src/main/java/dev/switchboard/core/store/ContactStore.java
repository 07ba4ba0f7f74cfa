package dev.switchboard.core.store;

import dev.switchboard.core.domain.ContactSession;
import java.util.List;
import java.util.Optional;

/** Contacts are created by {@link ConversationStore#acceptInbound}; this port reads and edits them. */
public interface ContactStore {
    Optional<ContactSession> find(String contactId);

    Optional<ContactSession> findByChannelUser(String tenantId, String channel, String channelUserId);

    List<ContactSession> list(String tenantId, int limit, int offset);

    /**
     * A tenant's contacts matching the query, each with its newest message time, newest first
     * (contacts without a conversation last), ties broken on the contact id.
     */
    List<ContactEntry> search(String tenantId, ContactQuery query);

    /** Sets the e-mail and display name where non-null. */
    ContactSession update(String contactId, String displayName, String email);
}
