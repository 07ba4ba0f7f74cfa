package dev.switchboard.adapters.openai.internal;

import dev.switchboard.adapters.openai.internal.ChatWire.AssistantMessage;
import dev.switchboard.adapters.openai.internal.ChatWire.Completion;
import dev.switchboard.adapters.openai.internal.ChatWire.Function;
import dev.switchboard.adapters.openai.internal.ChatWire.JsonSchema;
import dev.switchboard.adapters.openai.internal.ChatWire.Message;
import dev.switchboard.adapters.openai.internal.ChatWire.Request;
import dev.switchboard.adapters.openai.internal.ChatWire.ResponseFormat;
import dev.switchboard.adapters.openai.internal.ChatWire.Tool;
import dev.switchboard.adapters.openai.internal.ChatWire.ToolCall;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.ModelAction;
import dev.switchboard.core.model.TurnRequest;
import java.util.ArrayList;
import java.util.List;

/** Core turn and extraction requests to Chat Completions bodies, and completions back. */
public final class ChatMapper {
    private ChatMapper() {}

    /** What a completion said. */
    public record Reading(String text, List<ModelAction> actions, Usage usage, String refusal, String finishReason) {}

    /** System instructions, then the history that fits the budget, then the burst as one user message. */
    public static Request turn(TurnRequest turn, String defaultModel, int historyTokenBudget, int charsPerToken) {
        Agent agent = turn.agent();
        List<Message> messages = new ArrayList<>();
        String instructions = Strings.blankToNull(agent.instructions());
        if (instructions != null) messages.add(new Message("system", instructions));
        messages.addAll(HistoryWindow.fit(turn.history(), turn.burst(), historyTokenBudget, charsPerToken));
        messages.add(new Message("user", Burst.text(turn.burst())));
        List<Tool> tools = AgentTools.offeredBy(agent).stream()
                .map(d -> new Tool("function", new Function(d.name(), d.description(), d.parameters(), true)))
                .toList();
        return new Request(Strings.orDefault(agent.model(), defaultModel), messages, tools.isEmpty() ? null : tools, null);
    }

    public static Request extraction(ExtractionRequest request, String defaultModel) {
        String model = Strings.orDefault(request.agent() == null ? null : request.agent().model(), defaultModel);
        List<Message> messages = List.of(
                new Message("system", LeadExtraction.instructions(request)),
                new Message("user", LeadExtraction.transcript(request)));
        ResponseFormat format = new ResponseFormat("json_schema",
                new JsonSchema(LeadExtraction.SCHEMA_NAME, LeadExtraction.schema(), true));
        return new Request(model, messages, null, format);
    }

    /** @throws dev.switchboard.core.model.ModelException when the completion has no choice */
    public static Reading read(Completion completion, String requestId) {
        if (completion.choices() == null || completion.choices().isEmpty() || completion.choices().getFirst().message() == null) {
            throw ExceptionMapper.invalidResponse("/chat/completions", new IllegalStateException("no choices[0].message"), requestId);
        }
        var choice = completion.choices().getFirst();
        AssistantMessage message = choice.message();
        List<ModelAction> actions = new ArrayList<>();
        if (message.toolCalls() != null) {
            for (ToolCall call : message.toolCalls()) {
                if (call.function() != null) AgentTools.toAction(call.function().name(), call.function().arguments()).ifPresent(actions::add);
            }
        }
        Usage usage = completion.usage() == null
                ? Usage.NONE
                : new Usage(completion.usage().promptTokens(), completion.usage().completionTokens(), completion.usage().totalTokens());
        String text = message.content() == null ? "" : message.content();
        return new Reading(text, actions, usage, Strings.blankToNull(message.refusal()), choice.finishReason());
    }
}
