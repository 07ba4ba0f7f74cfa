package dev.switchboard.adapters.openai;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.MessageTypes;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.TurnRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders for core values, so each test shows only what it is about. */
final class TestData {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private TestData() {}

    static Agent promptAgent(String promptId, String version) {
        return agent(promptId, version, null, null, null, Set.of());
    }

    static Agent instructionsAgent(String instructions, String model) {
        return agent(null, null, instructions, model, null, Set.of());
    }

    static Agent agent(String promptId, String version, String instructions, String model, String greeting, Set<String> tools) {
        return new Agent("agent-1", "t-42", "acct-1", "Loja Centro", promptId, version, instructions, model, greeting,
                null, 0, tools, true, null, Map.of(), T0, T0);
    }

    static Conversation conversation(String modelConversationId) {
        return new Conversation("c-7", "t-42", "agent-1", "acct-1", "contact-1", "whatsapp", ConversationStatus.ACTIVE,
                null, modelConversationId, 3, 0, 0, T0, T0, T0);
    }

    static ContactSession contact(String displayName) {
        return new ContactSession("contact-1", "t-42", "whatsapp", "5511988887777", displayName, null, "+5511988887777",
                Map.of(), null, T0, T0);
    }

    static Message inbound(long seq, String text) {
        return message(seq, Direction.INBOUND, Sender.USER, text, DeliveryStatus.RECEIVED);
    }

    static Message agentReply(long seq, String text) {
        return message(seq, Direction.OUTBOUND, Sender.AGENT, text, DeliveryStatus.DELIVERED);
    }

    static Message humanReply(long seq, String text) {
        return message(seq, Direction.OUTBOUND, Sender.HUMAN, text, DeliveryStatus.DELIVERED);
    }

    static Message message(long seq, Direction direction, Sender sender, String text, DeliveryStatus status) {
        Instant at = T0.plusSeconds(seq * 60);
        return new Message("m-" + seq, "t-42", "c-7", "acct-1", seq, direction, sender, MessageTypes.TEXT, text, null,
                "ext-" + seq, null, status, 0, null, null, null, null, at, at);
    }

    static TurnRequest turn(Agent agent, Conversation conversation, List<Message> burst) {
        return new TurnRequest(agent, conversation, contact("Ana"), burst, List.of(), Map.of());
    }

    static TurnRequest turn(Agent agent, Conversation conversation, List<Message> burst, List<Message> history,
            Map<String, String> variables) {
        return new TurnRequest(agent, conversation, contact("Ana"), burst, history, variables);
    }

    static ExtractionRequest extraction(Agent agent, List<Message> messages) {
        return new ExtractionRequest(agent, conversation("conv_abc"), contact("Ana"), messages);
    }
}
