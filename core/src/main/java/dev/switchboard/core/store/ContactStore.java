package dev.switchboard.core.store;

import dev.switchboard.core.domain.ContactSession;
import java.util.List;
import java.util.Optional;

/** Contacts are created by {@link ConversationStore#acceptInbound}; this port reads and edits them. */
public interface ContactStore {
    Optional<ContactSession> find(String contactId);

    Optional<ContactSession> findByChannelUser(String tenantId, String channel, String channelUserId);

    List<ContactSession> list(String tenantId, int limit, int offset);

    /** Sets the e-mail and display name where non-null. */
    ContactSession update(String contactId, String displayName, String email);
}
