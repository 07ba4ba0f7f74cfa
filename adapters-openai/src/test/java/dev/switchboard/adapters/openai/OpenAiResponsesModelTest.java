package dev.switchboard.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.openai.TestData.agent;
import static dev.switchboard.adapters.openai.TestData.agentReply;
import static dev.switchboard.adapters.openai.TestData.conversation;
import static dev.switchboard.adapters.openai.TestData.inbound;
import static dev.switchboard.adapters.openai.TestData.instructionsAgent;
import static dev.switchboard.adapters.openai.TestData.promptAgent;
import static dev.switchboard.adapters.openai.TestData.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ModelAction;
import dev.switchboard.core.model.ModelException;
import dev.switchboard.core.model.ModelReply;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiResponsesModelTest {
    static final String CONV_ID = "conv_689667905b048191b4740501625afd940c7533ace33a2dab";

    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    OpenAiResponsesModel model;

    @BeforeEach
    void setUp() {
        model = new OpenAiResponsesModel(OpenAiConfig.builder()
                .baseUrl(openai.baseUrl() + "/v1")
                .apiKey(Secret.of("sk-test-0123456789abcdef"))
                .build(), new RecordingSleeper());
        openai.stubFor(post("/v1/conversations").willReturn(okJson(Payloads.text("conversation_created.json"))));
    }

    private void respondWith(String payload) {
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text(payload)).withHeader("x-request-id", "req_abc123")));
    }

    private List<JsonNode> responsesBodies() {
        return openai.findAll(postRequestedFor(urlEqualTo("/v1/responses"))).stream().map(Payloads::body).toList();
    }

    @Test
    void prompt_id_version_and_variables_are_sent_and_the_conversation_is_created_once_then_reused() {
        respondWith("response_text.json");
        Agent agent = promptAgent("pmpt_68a1c0ffee", "4");
        Map<String, String> variables = Map.of("business_name", "Loja Centro", "channel", "whatsapp");

        ModelReply first = model.reply(turn(agent, conversation(null), List.of(inbound(1, "Oi")), List.of(), variables));
        ModelReply second = model.reply(turn(agent, conversation(first.modelConversationId()),
                List.of(inbound(3, "Vocês abrem sábado?")), List.of(), variables));

        assertThat(first.modelConversationId()).isEqualTo(CONV_ID);
        assertThat(second.modelConversationId()).isEqualTo(CONV_ID);
        openai.verify(1, postRequestedFor(urlEqualTo("/v1/conversations")));
        List<JsonNode> bodies = responsesBodies();
        assertThat(bodies).hasSize(2);
        assertThat(bodies).allSatisfy(body -> {
            assertThat(body.path("conversation").asText()).isEqualTo(CONV_ID);
            assertThat(body.path("prompt").path("id").asText()).isEqualTo("pmpt_68a1c0ffee");
            assertThat(body.path("prompt").path("version").asText()).isEqualTo("4");
            assertThat(body.path("prompt").path("variables").path("business_name").asText()).isEqualTo("Loja Centro");
            assertThat(body.path("prompt").path("variables").path("channel").asText()).isEqualTo("whatsapp");
            assertThat(body.has("instructions")).isFalse();
            assertThat(body.has("model")).as("a dashboard prompt carries its model").isFalse();
            assertThat(body.path("store").asBoolean()).isTrue();
            assertThat(body.path("metadata").path("tenant_id").asText()).isEqualTo("t-42");
            assertThat(body.path("metadata").path("conversation_id").asText()).isEqualTo("c-7");
            assertThat(body.has("previous_response_id")).isFalse();
        });
        assertThat(bodies.get(1).path("input").get(0).path("content").asText()).isEqualTo("Vocês abrem sábado?");
        JsonNode conversationBody = Payloads.body(openai.findAll(postRequestedFor(urlEqualTo("/v1/conversations"))).getFirst());
        assertThat(conversationBody.path("metadata").path("tenant_id").asText()).isEqualTo("t-42");
        assertThat(conversationBody.has("items")).isFalse();
    }

    @Test
    void api_key_is_sent_as_a_bearer_token() {
        respondWith("response_text.json");

        model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID), List.of(inbound(1, "Oi"))));

        openai.verify(postRequestedFor(urlEqualTo("/v1/responses"))
                .withHeader("Authorization", equalTo("Bearer sk-test-0123456789abcdef"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void prompt_agent_that_names_a_model_overrides_the_prompt_model_and_omits_empty_variables() {
        respondWith("response_text.json");
        Agent agent = agent("pmpt_1", null, null, "gpt-4.1", null, Set.of());

        model.reply(turn(agent, conversation(CONV_ID), List.of(inbound(1, "Oi"))));

        JsonNode body = responsesBodies().getFirst();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(body.path("prompt").has("version")).isFalse();
        assertThat(body.path("prompt").has("variables")).isFalse();
    }

    @Test
    void agent_with_inline_instructions_sends_them_with_its_model_or_the_default() {
        respondWith("response_text.json");

        model.reply(turn(instructionsAgent("You are Loja Centro's assistant.", "gpt-4o"), conversation(CONV_ID), List.of(inbound(1, "Oi"))));
        model.reply(turn(instructionsAgent("You are Loja Centro's assistant.", null), conversation(CONV_ID), List.of(inbound(2, "Oi"))));

        List<JsonNode> bodies = responsesBodies();
        assertThat(bodies.get(0).path("instructions").asText()).isEqualTo("You are Loja Centro's assistant.");
        assertThat(bodies.get(0).has("prompt")).isFalse();
        assertThat(bodies.get(0).path("model").asText()).isEqualTo("gpt-4o");
        assertThat(bodies.get(1).path("model").asText()).isEqualTo(OpenAiConfig.DEFAULT_MODEL);
    }

    @Test
    void the_whole_burst_goes_as_one_user_message_with_each_message_on_its_own_line() {
        respondWith("response_text.json");

        model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID),
                List.of(inbound(4, "Oi"), inbound(5, "vocês abrem sábado?"), inbound(6, "e domingo?"))));

        JsonNode input = responsesBodies().getFirst().path("input");
        assertThat(input).hasSize(1);
        assertThat(input.get(0).path("type").asText()).isEqualTo("message");
        assertThat(input.get(0).path("role").asText()).isEqualTo("user");
        assertThat(input.get(0).path("content").asText()).isEqualTo("Oi\nvocês abrem sábado?\ne domingo?");
    }

    @Test
    void greeting_the_customer_already_saw_seeds_the_new_conversation_as_an_assistant_item() {
        respondWith("response_text.json");
        Agent agent = agent("pmpt_1", null, null, null, "Olá! Sou a assistente da Loja Centro.", Set.of());

        model.reply(turn(agent, conversation(null), List.of(inbound(2, "Oi")),
                List.of(agentReply(1, "Olá! Sou a assistente da Loja Centro.")), Map.of()));

        JsonNode body = Payloads.body(openai.findAll(postRequestedFor(urlEqualTo("/v1/conversations"))).getFirst());
        assertThat(body.path("items")).hasSize(1);
        assertThat(body.path("items").get(0).path("type").asText()).isEqualTo("message");
        assertThat(body.path("items").get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("items").get(0).path("content").asText()).isEqualTo("Olá! Sou a assistente da Loja Centro.");
    }

    @Test
    void greeting_that_was_never_sent_is_not_added_to_the_conversation() {
        respondWith("response_text.json");
        Agent agent = agent("pmpt_1", null, null, null, "Olá! Sou a assistente da Loja Centro.", Set.of());

        model.reply(turn(agent, conversation(null), List.of(inbound(1, "Oi"))));

        JsonNode body = Payloads.body(openai.findAll(postRequestedFor(urlEqualTo("/v1/conversations"))).getFirst());
        assertThat(body.has("items")).isFalse();
    }

    @Test
    void reply_joins_every_output_text_part_even_when_a_reasoning_item_comes_first() {
        respondWith("response_reasoning_then_two_parts.json");

        ModelReply reply = model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID), List.of(inbound(1, "Abrem sábado?"))));

        assertThat(reply.text()).isEqualTo("Sim, abrimos sábado das 9h às 13h. Quer agendar uma visita?");
        assertThat(reply.usage()).isEqualTo(new Usage(52, 310, 362));
        assertThat(reply.requestId()).isEqualTo("req_abc123");
        assertThat(reply.modelConversationId()).isEqualTo(CONV_ID);
        assertThat(reply.actions()).isEmpty();
    }

    @Test
    void tools_the_agent_offers_are_sent_as_strict_function_tools() {
        respondWith("response_text.json");
        Agent agent = agent("pmpt_1", null, null, null, null, Set.of("escalate_conversation", "resolve_conversation", "book_table"));

        model.reply(turn(agent, conversation(CONV_ID), List.of(inbound(1, "Oi"))));

        JsonNode tools = responsesBodies().getFirst().path("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.findValuesAsText("name")).containsExactly("escalate_conversation", "resolve_conversation");
        for (JsonNode tool : tools) {
            assertThat(tool.path("type").asText()).isEqualTo("function");
            assertThat(tool.path("strict").asBoolean()).isTrue();
            assertThat(tool.path("description").asText()).isNotBlank();
            JsonNode parameters = tool.path("parameters");
            assertThat(parameters.path("type").asText()).isEqualTo("object");
            assertThat(parameters.path("properties").path("reason").path("type").asText()).isEqualTo("string");
            assertThat(parameters.path("required").get(0).asText()).isEqualTo("reason");
            assertThat(parameters.path("additionalProperties").asBoolean(true)).isFalse();
        }
    }

    @Test
    void agent_without_tools_sends_none() {
        respondWith("response_text.json");

        model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID), List.of(inbound(1, "Oi"))));

        assertThat(responsesBodies().getFirst().has("tools")).isFalse();
    }

    @Test
    void escalate_function_call_becomes_an_escalate_action_and_its_output_is_sent_back_for_the_closing_words() {
        openai.stubFor(post("/v1/responses").inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Payloads.text("response_escalate_call.json")).withHeader("x-request-id", "req_first"))
                .willSetStateTo("answered"));
        openai.stubFor(post("/v1/responses").inScenario("tool").whenScenarioStateIs("answered")
                .willReturn(okJson(Payloads.text("response_after_tool_output.json")).withHeader("x-request-id", "req_second")));
        Agent agent = agent("pmpt_1", null, null, null, null, Set.of("escalate_conversation", "resolve_conversation"));

        ModelReply reply = model.reply(turn(agent, conversation(CONV_ID), List.of(inbound(1, "Quero falar com o gerente sobre meu reembolso"))));

        assertThat(reply.actions()).containsExactly(new ModelAction.Escalate("Customer asks to speak to a manager about a refund"));
        assertThat(reply.text()).isEqualTo("Vou chamar um gerente para falar com você.");
        assertThat(reply.usage()).isEqualTo(new Usage(80 + 120, 25 + 12, 105 + 132));
        assertThat(reply.requestId()).isEqualTo("req_first");
        JsonNode followUp = responsesBodies().get(1);
        assertThat(followUp.path("conversation").asText()).isEqualTo(CONV_ID);
        assertThat(followUp.path("input").get(0).path("type").asText()).isEqualTo("function_call_output");
        assertThat(followUp.path("input").get(0).path("call_id").asText()).isEqualTo("call_Esc4l4te9");
        assertThat(followUp.path("tool_choice").asText()).isEqualTo("none");
    }

    @Test
    void resolve_call_next_to_text_keeps_the_text_and_reports_the_action() {
        openai.stubFor(post("/v1/responses").inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Payloads.text("response_resolve_call_with_text.json"))).willSetStateTo("answered"));
        openai.stubFor(post("/v1/responses").inScenario("tool").whenScenarioStateIs("answered")
                .willReturn(okJson(Payloads.text("response_after_tool_output.json"))));
        Agent agent = agent("pmpt_1", null, null, null, null, Set.of("resolve_conversation"));

        ModelReply reply = model.reply(turn(agent, conversation(CONV_ID), List.of(inbound(1, "Era só isso, obrigado"))));

        assertThat(reply.text()).isEqualTo("Obrigado! Qualquer coisa, é só chamar.");
        assertThat(reply.actions()).containsExactly(new ModelAction.Resolve("Opening hours answered"));
    }

    @Test
    void tool_action_survives_a_failed_follow_up() {
        openai.stubFor(post("/v1/responses").inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Payloads.text("response_escalate_call.json"))).willSetStateTo("answered"));
        openai.stubFor(post("/v1/responses").inScenario("tool").whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(Payloads.text("error_invalid_request.json"))));
        Agent agent = agent("pmpt_1", null, null, null, null, Set.of("escalate_conversation"));

        ModelReply reply = model.reply(turn(agent, conversation(CONV_ID), List.of(inbound(1, "Quero um humano"))));

        assertThat(reply.actions()).containsExactly(new ModelAction.Escalate("Customer asks to speak to a manager about a refund"));
        assertThat(reply.text()).isEmpty();
    }

    @Test
    void failed_response_throws_with_its_error_code() {
        respondWith("response_failed.json");

        assertThatThrownBy(() -> model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID), List.of(inbound(1, "Oi")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.code()).isEqualTo("server_error");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.requestId()).isEqualTo("req_abc123");
                });
        openai.verify(1, postRequestedFor(urlEqualTo("/v1/responses")));
    }

    @Test
    void incomplete_response_with_text_is_used() {
        respondWith("response_incomplete_with_text.json");

        ModelReply reply = model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID), List.of(inbound(1, "Oi"))));

        assertThat(reply.text()).isEqualTo("Abrimos sábado das 9h");
    }

    @Test
    void incomplete_response_without_text_throws_naming_the_reason() {
        respondWith("response_incomplete_empty.json");

        assertThatThrownBy(() -> model.reply(turn(promptAgent("pmpt_1", null), conversation(CONV_ID), List.of(inbound(1, "Oi")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.code()).isEqualTo("empty_output");
                    assertThat(e.getMessage()).contains("max_output_tokens");
                });
    }

    @Test
    void failed_conversation_creation_throws_before_any_response_is_requested() {
        openai.stubFor(post("/v1/conversations").willReturn(aResponse().withStatus(401).withHeader("x-request-id", "req_conv")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));

        assertThatThrownBy(() -> model.reply(turn(promptAgent("pmpt_1", null), conversation(null), List.of(inbound(1, "Oi")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_api_key");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.requestId()).isEqualTo("req_conv");
                    assertThat(e.getMessage()).doesNotContain("sk-test-0123456789abcdef");
                });
        openai.verify(0, postRequestedFor(urlEqualTo("/v1/responses")));
    }
}
