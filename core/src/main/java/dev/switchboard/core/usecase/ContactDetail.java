package dev.switchboard.core.usecase;

import dev.switchboard.core.store.ContactEntry;
import java.util.List;

/** One contact with its conversations, newest activity first. */
public record ContactDetail(ContactEntry entry, List<ConversationView> conversations) {
    public ContactDetail {
        conversations = List.copyOf(conversations);
    }
}
