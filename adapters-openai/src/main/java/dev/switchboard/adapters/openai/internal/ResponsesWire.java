package dev.switchboard.adapters.openai.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Wire shapes of {@code POST /responses} and {@code POST /conversations} (OpenAPI {@code CreateResponse}, {@code Response}…). */
public final class ResponsesWire {
    private ResponsesWire() {}

    // ---- requests ----

    public record CreateConversation(Map<String, String> metadata, List<Object> items) {}

    public record CreateResponse(
            String model,
            String instructions,
            Prompt prompt,
            String conversation,
            List<Object> input,
            Boolean store,
            Map<String, String> metadata,
            List<FunctionTool> tools,
            @JsonProperty("tool_choice") String toolChoice,
            Text text) {}

    public record Prompt(String id, String version, Map<String, String> variables) {}

    /** An {@code EasyInputMessage}: content as one string. */
    public record InputMessage(String type, String role, String content) {
        public static InputMessage of(String role, String content) {
            return new InputMessage("message", role, content);
        }
    }

    public record FunctionCallOutput(String type, @JsonProperty("call_id") String callId, String output) {
        public static FunctionCallOutput of(String callId, String output) {
            return new FunctionCallOutput("function_call_output", callId, output);
        }
    }

    public record FunctionTool(String type, String name, String description, boolean strict, JsonNode parameters) {}

    public record Text(TextFormat format) {}

    public record TextFormat(String type, String name, boolean strict, JsonNode schema) {}

    // ---- responses ----

    public record ConversationResource(String id) {}

    public record Response(
            String id,
            String status,
            ResponseError error,
            @JsonProperty("incomplete_details") IncompleteDetails incompleteDetails,
            List<OutputItem> output,
            Usage usage) {}

    public record ResponseError(String code, String message) {}

    public record IncompleteDetails(String reason) {}

    /** One {@code output[]} item; only the fields of {@code message} and {@code function_call} items are read. */
    public record OutputItem(
            String type,
            List<ContentPart> content,
            String name,
            String arguments,
            @JsonProperty("call_id") String callId) {}

    public record ContentPart(String type, String text, String refusal) {}

    public record Usage(
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("total_tokens") long totalTokens) {}
}
