package dev.switchboard.adapters.openai.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Wire shapes of {@code POST /chat/completions} (OpenAPI {@code CreateChatCompletionRequest} and its response). */
public final class ChatWire {
    private ChatWire() {}

    // ---- request ----

    public record Request(
            String model,
            List<Message> messages,
            List<Tool> tools,
            @JsonProperty("response_format") ResponseFormat responseFormat) {}

    public record Message(String role, String content) {}

    public record Tool(String type, Function function) {}

    public record Function(String name, String description, JsonNode parameters, Boolean strict) {}

    public record ResponseFormat(String type, @JsonProperty("json_schema") JsonSchema jsonSchema) {}

    public record JsonSchema(String name, JsonNode schema, boolean strict) {}

    // ---- response ----

    public record Completion(String id, List<Choice> choices, Usage usage) {}

    public record Choice(int index, AssistantMessage message, @JsonProperty("finish_reason") String finishReason) {}

    public record AssistantMessage(String role, String content, String refusal, @JsonProperty("tool_calls") List<ToolCall> toolCalls) {}

    public record ToolCall(String id, String type, FunctionCall function) {}

    public record FunctionCall(String name, String arguments) {}

    public record Usage(
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("total_tokens") long totalTokens) {}
}
