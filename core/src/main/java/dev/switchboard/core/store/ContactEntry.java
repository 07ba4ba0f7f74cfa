package dev.switchboard.core.store;

import dev.switchboard.core.domain.ContactSession;
import java.time.Instant;

/**
 * A contact as a list shows it.
 *
 * @param lastMessageAt the newest {@code lastMessageAt} of the contact's conversations, null if none
 */
public record ContactEntry(ContactSession contact, Instant lastMessageAt) {}
