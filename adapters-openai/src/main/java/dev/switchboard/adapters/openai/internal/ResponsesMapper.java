package dev.switchboard.adapters.openai.internal;

import dev.switchboard.adapters.openai.internal.ResponsesWire.ContentPart;
import dev.switchboard.adapters.openai.internal.ResponsesWire.CreateConversation;
import dev.switchboard.adapters.openai.internal.ResponsesWire.CreateResponse;
import dev.switchboard.adapters.openai.internal.ResponsesWire.FunctionCallOutput;
import dev.switchboard.adapters.openai.internal.ResponsesWire.FunctionTool;
import dev.switchboard.adapters.openai.internal.ResponsesWire.InputMessage;
import dev.switchboard.adapters.openai.internal.ResponsesWire.OutputItem;
import dev.switchboard.adapters.openai.internal.ResponsesWire.Prompt;
import dev.switchboard.adapters.openai.internal.ResponsesWire.Response;
import dev.switchboard.adapters.openai.internal.ResponsesWire.Text;
import dev.switchboard.adapters.openai.internal.ResponsesWire.TextFormat;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.ModelAction;
import dev.switchboard.core.model.TurnRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Core turn and extraction requests to Responses/Conversations bodies, and {@code Response} objects back. */
public final class ResponsesMapper {
    private ResponsesMapper() {}

    /** A function call the model made; its {@code call_id} must get an output or the conversation cannot continue. */
    public record Call(String callId, String name) {}

    /** What a response said: text, the actions its tool calls ask for, the calls themselves, usage. */
    public record Reading(String text, List<ModelAction> actions, List<Call> calls, Usage usage, String refusal) {}

    public static CreateConversation createConversation(TurnRequest turn) {
        List<Object> items = new ArrayList<>();
        String greeting = turn.agent().greeting();
        if (greeting != null && !greeting.isBlank() && greetingWasSent(greeting, turn.history())) {
            items.add(InputMessage.of("assistant", greeting));
        }
        return new CreateConversation(metadata(turn.conversation()), items.isEmpty() ? null : items);
    }

    private static boolean greetingWasSent(String greeting, List<Message> history) {
        return history.stream().anyMatch(m -> m.direction() == Direction.OUTBOUND && m.sender() == Sender.AGENT
                && m.text() != null && m.text().strip().equals(greeting.strip()));
    }

    /** The turn: the burst as one user message, in the OpenAI conversation {@code conversationId}. */
    public static CreateResponse turn(TurnRequest turn, String conversationId, String defaultModel) {
        List<Object> input = List.of(InputMessage.of("user", Burst.text(turn.burst())));
        return agentRequest(turn, conversationId, defaultModel, input, null);
    }

    /**
     * Answers the model's function calls so the conversation stays valid (OpenAI refuses the next
     * turn of a conversation whose last function call has no output) and lets the model word its
     * reply. {@code tool_choice: none} stops it from calling again.
     */
    public static CreateResponse toolOutputs(TurnRequest turn, String conversationId, String defaultModel, List<Call> calls) {
        List<Object> input = new ArrayList<>();
        for (Call c : calls) input.add(FunctionCallOutput.of(c.callId(), AgentTools.outputFor(c.name())));
        return agentRequest(turn, conversationId, defaultModel, input, "none");
    }

    private static CreateResponse agentRequest(
            TurnRequest turn, String conversationId, String defaultModel, List<Object> input, String toolChoice) {
        Agent agent = turn.agent();
        boolean usesPrompt = agent.promptId() != null && !agent.promptId().isBlank();
        Map<String, String> variables = turn.variables().isEmpty() ? null : turn.variables();
        Prompt prompt = usesPrompt ? new Prompt(agent.promptId().strip(), Strings.blankToNull(agent.promptVersion()), variables) : null;
        // A dashboard prompt carries its own model; send one only when the agent overrides it.
        String model = usesPrompt ? Strings.blankToNull(agent.model()) : Strings.orDefault(agent.model(), defaultModel);
        String instructions = usesPrompt ? null : Strings.blankToNull(agent.instructions());
        List<FunctionTool> tools = AgentTools.offeredBy(agent).stream()
                .map(d -> new FunctionTool("function", d.name(), d.description(), true, d.parameters()))
                .toList();
        return new CreateResponse(model, instructions, prompt, conversationId, input, true,
                metadata(turn.conversation()), tools.isEmpty() ? null : tools, tools.isEmpty() ? null : toolChoice, null);
    }

    /** Extraction stands alone: no conversation (it must not land in the customer's thread) and nothing stored. */
    public static CreateResponse extraction(ExtractionRequest request, String defaultModel) {
        String model = Strings.orDefault(request.agent() == null ? null : request.agent().model(), defaultModel);
        List<Object> input = List.of(InputMessage.of("user", LeadExtraction.transcript(request)));
        Text text = new Text(new TextFormat("json_schema", LeadExtraction.SCHEMA_NAME, true, LeadExtraction.schema()));
        return new CreateResponse(model, LeadExtraction.instructions(request), null, null, input, false, null, null, null, text);
    }

    /**
     * Reads a response. Never assumes {@code output[0]} is the message: reasoning and tool-call
     * items can come first.
     *
     * @throws dev.switchboard.core.model.ModelException when the response failed or was cancelled
     */
    public static Reading read(Response response, String requestId) {
        String status = response.status();
        if ("failed".equals(status)) {
            String code = response.error() == null ? null : response.error().code();
            String message = response.error() == null ? null : response.error().message();
            throw ExceptionMapper.failedResponse(code, message, requestId);
        }
        if (status != null && !"completed".equals(status) && !"incomplete".equals(status)) {
            throw ExceptionMapper.noReply("response_" + status, "response " + response.id() + " is " + status, requestId);
        }
        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        List<ModelAction> actions = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        for (OutputItem item : response.output() == null ? List.<OutputItem>of() : response.output()) {
            if ("message".equals(item.type()) && item.content() != null) {
                for (ContentPart part : item.content()) {
                    if ("output_text".equals(part.type()) && part.text() != null) text.append(part.text());
                    if ("refusal".equals(part.type()) && part.refusal() != null) refusal.append(part.refusal());
                }
            } else if ("function_call".equals(item.type())) {
                AgentTools.toAction(item.name(), item.arguments()).ifPresent(actions::add);
                if (item.callId() != null) calls.add(new Call(item.callId(), item.name()));
            }
        }
        Usage usage = response.usage() == null
                ? Usage.NONE
                : new Usage(response.usage().inputTokens(), response.usage().outputTokens(), response.usage().totalTokens());
        return new Reading(text.toString(), actions, calls, usage, refusal.isEmpty() ? null : refusal.toString());
    }

    /** Why a response gave nothing to send (called when it has no text and no action). */
    public static String emptyReason(Response response) {
        if ("incomplete".equals(response.status()) && response.incompleteDetails() != null) {
            return "incomplete: " + response.incompleteDetails().reason();
        }
        return "response " + response.id() + " has no output_text";
    }

    private static Map<String, String> metadata(Conversation conversation) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (conversation.tenantId() != null) metadata.put("tenant_id", conversation.tenantId());
        if (conversation.id() != null) metadata.put("conversation_id", conversation.id());
        return metadata.isEmpty() ? null : metadata;
    }
}
