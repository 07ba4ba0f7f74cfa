package dev.switchboard.core.model;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;
import java.util.List;

/** A conversation to extract lead data from: its messages, oldest first. */
public record ExtractionRequest(Agent agent, Conversation conversation, ContactSession contact, List<Message> messages) {
    public ExtractionRequest {
        messages = List.copyOf(messages);
    }
}
