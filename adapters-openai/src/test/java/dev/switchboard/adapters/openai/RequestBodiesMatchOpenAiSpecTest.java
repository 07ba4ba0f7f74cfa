package dev.switchboard.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.openai.TestData.agent;
import static dev.switchboard.adapters.openai.TestData.agentReply;
import static dev.switchboard.adapters.openai.TestData.conversation;
import static dev.switchboard.adapters.openai.TestData.extraction;
import static dev.switchboard.adapters.openai.TestData.inbound;
import static dev.switchboard.adapters.openai.TestData.turn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every request body the adapter sends, checked against the request schema of its operation in
 * OpenAI's official OpenAPI document, and the fixtures the other tests answer with checked against
 * the response schemas (so those tests feed the adapter real shapes).
 */
class RequestBodiesMatchOpenAiSpecTest {
    static final String CREATE_RESPONSE = "createResponse";
    static final String CREATE_CONVERSATION = "createConversation";
    static final String CREATE_CHAT_COMPLETION = "createChatCompletion";

    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    final OpenAiSpec spec = OpenAiSpec.get();

    private OpenAiConfig config() {
        return OpenAiConfig.builder().baseUrl(openai.baseUrl() + "/v1").apiKey(Secret.of("sk-test-0123456789abcdef")).build();
    }

    private List<JsonNode> bodies(String path) {
        return openai.findAll(postRequestedFor(urlEqualTo(path))).stream().map(Payloads::body).toList();
    }

    private void assertConforms(String operationId, List<JsonNode> bodies) {
        String schema = spec.requestSchemaOf(operationId);
        for (JsonNode body : bodies) {
            assertThat(spec.violations(schema, body)).as("%s body %s", schema, body).isEmpty();
            assertThat(spec.undeclaredFields(schema, body)).as("fields %s does not declare in %s", schema, body).isEmpty();
        }
    }

    @Test
    void operations_name_the_request_schemas_the_adapter_targets() {
        assertThat(spec.requestSchemaOf(CREATE_RESPONSE)).isEqualTo("CreateResponse");
        assertThat(spec.requestSchemaOf(CREATE_CONVERSATION)).isEqualTo("CreateConversationBody");
        assertThat(spec.requestSchemaOf(CREATE_CHAT_COMPLETION)).isEqualTo("CreateChatCompletionRequest");
    }

    @Test
    void every_responses_and_conversations_body_matches_the_spec() {
        openai.stubFor(post("/v1/conversations").willReturn(okJson(Payloads.text("conversation_created.json"))));
        openai.stubFor(post("/v1/responses").atPriority(5).willReturn(okJson(Payloads.text("response_text.json"))));
        openai.stubFor(post("/v1/responses").atPriority(3).withRequestBody(containing("\"tools\""))
                .willReturn(okJson(Payloads.text("response_escalate_call.json"))));
        openai.stubFor(post("/v1/responses").atPriority(1).withRequestBody(containing("function_call_output"))
                .willReturn(okJson(Payloads.text("response_after_tool_output.json"))));
        openai.stubFor(post("/v1/responses").atPriority(1).withRequestBody(containing("json_schema"))
                .willReturn(okJson(Payloads.text("response_lead_extraction.json"))));
        OpenAiResponsesModel model = new OpenAiResponsesModel(config(), new RecordingSleeper());
        Agent promptAgent = agent("pmpt_68a1c0ffee", "4", null, null, "Olá! Sou a assistente da Loja Centro.", Set.of());
        Agent toolAgent = agent(null, null, "You are Loja Centro's assistant.", "gpt-4o", null,
                Set.of("escalate_conversation", "resolve_conversation"));

        // new conversation seeded with the greeting, prompt with version and variables
        model.reply(turn(promptAgent, conversation(null), List.of(inbound(2, "Oi"), inbound(3, "abrem sábado?")),
                List.of(agentReply(1, "Olá! Sou a assistente da Loja Centro.")), Map.of("business_name", "Loja Centro")));
        // inline instructions, tools, a function call and its output sent back
        model.reply(turn(toolAgent, conversation("conv_1"), List.of(inbound(4, "Quero falar com o gerente"))));
        // structured-output extraction
        model.extract(extraction(toolAgent, List.of(inbound(1, "Sou a Ana"), agentReply(2, "Olá Ana!"))));

        List<JsonNode> responses = bodies("/v1/responses");
        List<JsonNode> conversations = bodies("/v1/conversations");
        assertThat(responses).anySatisfy(b -> assertThat(b.path("prompt").path("variables").isObject()).isTrue());
        assertThat(responses).anySatisfy(b -> assertThat(b.path("instructions").isTextual()).isTrue());
        assertThat(responses).anySatisfy(b -> assertThat(b.path("tools").size()).isEqualTo(2));
        assertThat(responses).anySatisfy(b -> assertThat(b.at("/input/0/type").asText()).isEqualTo("function_call_output"));
        assertThat(responses).anySatisfy(b -> assertThat(b.at("/text/format/type").asText()).isEqualTo("json_schema"));
        assertThat(conversations).singleElement().satisfies(b -> assertThat(b.path("items").size()).isEqualTo(1));
        assertConforms(CREATE_RESPONSE, responses);
        assertConforms(CREATE_CONVERSATION, conversations);
    }

    @Test
    void conversation_body_without_greeting_matches_the_spec() {
        openai.stubFor(post("/v1/conversations").willReturn(okJson(Payloads.text("conversation_created.json"))));
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text("response_text.json"))));

        new OpenAiResponsesModel(config(), new RecordingSleeper())
                .reply(turn(TestData.promptAgent("pmpt_1", null), conversation(null), List.of(inbound(1, "Oi"))));

        assertThat(bodies("/v1/conversations")).singleElement().satisfies(b -> assertThat(b.has("items")).isFalse());
        assertConforms(CREATE_CONVERSATION, bodies("/v1/conversations"));
        assertConforms(CREATE_RESPONSE, bodies("/v1/responses"));
    }

    @Test
    void every_chat_completions_body_matches_the_spec() {
        openai.stubFor(post("/v1/chat/completions").atPriority(5).willReturn(okJson(Payloads.text("chat_completion.json"))));
        openai.stubFor(post("/v1/chat/completions").atPriority(1).withRequestBody(containing("json_schema"))
                .willReturn(okJson(Payloads.text("chat_lead_extraction_fenced.json"))));
        ChatCompletionsModel model = new ChatCompletionsModel(config(), new RecordingSleeper());
        Agent plain = agent(null, null, "Be brief.", "llama3.1:8b", null, Set.of());
        Agent withTools = agent(null, null, "Be brief.", "llama3.1:8b", null, Set.of("escalate_conversation", "resolve_conversation"));

        model.reply(turn(plain, conversation(null), List.of(inbound(3, "e sábado?")),
                List.of(inbound(1, "Oi"), agentReply(2, "Olá!")), Map.of()));
        model.reply(turn(withTools, conversation(null), List.of(inbound(1, "Quero um humano"))));
        model.extract(extraction(plain, List.of(inbound(1, "Sou a Ana"))));

        List<JsonNode> chats = bodies("/v1/chat/completions");
        assertThat(chats).anySatisfy(b -> assertThat(b.has("tools") || b.has("response_format")).isFalse());
        assertThat(chats).anySatisfy(b -> assertThat(b.path("tools").size()).isEqualTo(2));
        assertThat(chats).anySatisfy(b -> assertThat(b.at("/response_format/type").asText()).isEqualTo("json_schema"));
        assertConforms(CREATE_CHAT_COMPLETION, chats);
    }

    @Test
    void the_validator_rejects_bodies_that_break_the_spec() {
        String createResponse = spec.requestSchemaOf(CREATE_RESPONSE);
        String createChat = spec.requestSchemaOf(CREATE_CHAT_COMPLETION);
        String createConversation = spec.requestSchemaOf(CREATE_CONVERSATION);

        assertThat(spec.violations(createResponse, Payloads.parse("{\"model\":\"gpt-4o\",\"input\":42}"))).isNotEmpty();
        assertThat(spec.violations(createResponse, Payloads.parse(
                "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\",\"name\":\"x\"}]}")))
                .as("a function tool needs strict and parameters").isNotEmpty();
        assertThat(spec.violations(createResponse, Payloads.parse(
                "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_schema\",\"schema\":{}}}}")))
                .as("a json_schema format needs a name").isNotEmpty();
        assertThat(spec.violations(createResponse, Payloads.parse(
                "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"prompt\":{\"version\":\"4\"}}")))
                .as("a prompt needs an id").isNotEmpty();
        assertThat(spec.violations(createConversation, Payloads.parse("{\"metadata\":{\"tenant_id\":42}}")))
                .as("metadata values are strings").isNotEmpty();
        assertThat(spec.violations(createChat, Payloads.parse("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}")))
                .isNotEmpty();
        assertThat(spec.violations(createChat, Payloads.parse(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\"}}")))
                .isNotEmpty();
        ObjectNode typo = (ObjectNode) Payloads.parse("{\"model\":\"gpt-4o\",\"input\":\"hi\",\"instruction\":\"Be brief\"}");
        assertThat(spec.undeclaredFields(createResponse, typo)).containsExactly("instruction");
    }

    @Test
    void response_fixtures_match_the_spec_response_schemas() {
        String response = spec.responseSchemaOf(CREATE_RESPONSE);
        for (String fixture : List.of("response_text.json", "response_reasoning_then_two_parts.json", "response_escalate_call.json",
                "response_after_tool_output.json", "response_resolve_call_with_text.json", "response_failed.json",
                "response_incomplete_with_text.json", "response_incomplete_empty.json", "response_lead_extraction.json",
                "response_lead_extraction_not_json.json")) {
            assertThat(spec.violations(response, Payloads.json(fixture))).as(fixture).isEmpty();
        }
        assertThat(spec.violations(spec.responseSchemaOf(CREATE_CONVERSATION), Payloads.json("conversation_created.json"))).isEmpty();
        for (String fixture : List.of("chat_completion.json", "chat_tool_call.json", "chat_lead_extraction_fenced.json")) {
            assertThat(spec.violations(spec.responseSchemaOf(CREATE_CHAT_COMPLETION), Payloads.json(fixture))).as(fixture).isEmpty();
        }
        for (String fixture : List.of("error_rate_limit.json", "error_insufficient_quota.json", "error_server.json",
                "error_invalid_request.json")) {
            assertThat(spec.violations("ErrorResponse", Payloads.json(fixture))).as(fixture).isEmpty();
        }
    }
}
