package dev.switchboard.adapters.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.LeadData;
import java.io.IOException;
import java.util.List;

/**
 * Lead extraction as one structured-output call: the JSON schema the model must fill, the
 * instructions, the transcript it reads, and the parsing of its answer into {@link LeadData}.
 *
 * <p>The schema is written for strict mode: every property is required and nullable
 * ({@code ["string","null"]}), and no other property is allowed.
 */
public final class LeadExtraction {
    public static final String SCHEMA_NAME = "lead_extraction";
    private static final List<String> SCORE_FIELDS = List.of("urgency", "budget", "fit", "engagement");
    private static final int MAX_BUSINESS_CONTEXT = 4_000;

    public static final String INSTRUCTIONS = """
            You read a conversation between a business and a customer and extract lead data for the sales team.
            Use only what the conversation says; use null for anything it does not say. Never invent values.
            - name, email, company: the customer's own, as they gave them.
            - intent: what the customer wants, in a short phrase.
            - urgency: 1 = no time pressure, 2 = wants it soon, 3 = needs it now.
            - budget: 1 = no or very low budget, 2 = some budget or price-sensitive, 3 = clear budget that fits.
            - fit: 1 = poor match for what the business offers, 2 = partial match, 3 = strong match.
            - engagement: 1 = short or unresponsive, 2 = answers questions, 3 = very engaged, asks questions.
            - demo_datetime: the meeting or demo time the customer agreed to, as ISO-8601 with offset \
            (e.g. 2026-03-05T15:00:00-03:00); resolve relative dates ("next Tuesday") against the message timestamps.
            - smart_notification: one sentence telling the sales team what to do next, or null if nothing.""";

    private LeadExtraction() {}

    /** The JSON schema of the answer (strict-mode compatible). */
    public static ObjectNode schema() {
        ObjectNode schema = OpenAiJson.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        for (String field : List.of("name", "email", "company", "intent")) nullable(props, field, "string");
        for (String field : SCORE_FIELDS) {
            ObjectNode score = nullable(props, field, "integer");
            score.put("minimum", 1);
            score.put("maximum", 3);
        }
        nullable(props, "demo_datetime", "string").put("description", "ISO-8601 date-time with offset");
        nullable(props, "smart_notification", "string");
        ArrayNode required = schema.putArray("required");
        props.fieldNames().forEachRemaining(required::add);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode nullable(ObjectNode props, String field, String type) {
        ObjectNode p = props.putObject(field);
        p.putArray("type").add(type).add("null");
        return p;
    }

    /** Instructions plus what the agent's own instructions say about the business (to judge fit). */
    public static String instructions(ExtractionRequest request) {
        String business = request.agent() == null ? null : request.agent().instructions();
        if (business == null || business.isBlank()) return INSTRUCTIONS;
        String context = business.length() > MAX_BUSINESS_CONTEXT ? business.substring(0, MAX_BUSINESS_CONTEXT) : business;
        return INSTRUCTIONS + "\n\nThe business's assistant works with these instructions (for context only):\n" + context;
    }

    /** One line per message, oldest first: {@code [timestamp] Customer: text}. */
    public static String transcript(ExtractionRequest request) {
        StringBuilder sb = new StringBuilder();
        String displayName = request.contact() == null ? null : request.contact().displayName();
        if (displayName != null && !displayName.isBlank()) {
            sb.append("(The customer's profile name on the channel is \"").append(displayName).append("\".)\n");
        }
        sb.append("Conversation:\n");
        for (Message m : request.messages()) {
            if (m.createdAt() != null) sb.append('[').append(m.createdAt()).append("] ");
            sb.append(label(m)).append(": ").append(m.modelText()).append('\n');
        }
        return sb.toString();
    }

    private static String label(Message m) {
        if (m.direction() == Direction.INBOUND || m.sender() == Sender.USER) return "Customer";
        return m.sender() == Sender.HUMAN ? "Team member" : "Assistant";
    }

    /**
     * Parses the model's answer. Missing properties read as null (compatible servers may ignore
     * strict mode); a property of the wrong type or text that is not a JSON object is
     * {@code invalid_output}.
     */
    public static LeadData parse(String output, Usage usage, String requestId) {
        JsonNode root;
        try {
            root = OpenAiJson.MAPPER.readTree(stripCodeFence(output));
        } catch (IOException e) {
            throw ExceptionMapper.invalidOutput("not JSON: " + output, requestId);
        }
        if (root == null || !root.isObject()) throw ExceptionMapper.invalidOutput("not a JSON object: " + output, requestId);
        return new LeadData(
                text(root, "name", requestId), text(root, "email", requestId), text(root, "company", requestId),
                text(root, "intent", requestId), score(root, "urgency", requestId), score(root, "budget", requestId),
                score(root, "fit", requestId), score(root, "engagement", requestId),
                text(root, "demo_datetime", requestId), text(root, "smart_notification", requestId), usage);
    }

    private static String text(JsonNode root, String field, String requestId) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ExceptionMapper.invalidOutput(field + " is not a string or null: " + v, requestId);
        return v.asText();
    }

    private static Integer score(JsonNode root, String field, String requestId) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        boolean whole = v.isIntegralNumber() || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()));
        if (!whole || !v.canConvertToInt()) throw ExceptionMapper.invalidOutput(field + " is not an integer or null: " + v, requestId);
        return v.intValue();
    }

    /** Local models often wrap JSON in a Markdown code fence even when asked not to. */
    static String stripCodeFence(String output) {
        if (output == null) return "";
        String s = output.strip();
        if (!s.startsWith("```")) return s;
        int firstNewline = s.indexOf('\n');
        int closing = s.lastIndexOf("```");
        if (firstNewline < 0 || closing <= firstNewline) return s;
        return s.substring(firstNewline + 1, closing).strip();
    }
}
