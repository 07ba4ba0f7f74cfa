package dev.switchboard.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.openai.TestData.agentReply;
import static dev.switchboard.adapters.openai.TestData.extraction;
import static dev.switchboard.adapters.openai.TestData.humanReply;
import static dev.switchboard.adapters.openai.TestData.inbound;
import static dev.switchboard.adapters.openai.TestData.instructionsAgent;
import static dev.switchboard.adapters.openai.TestData.promptAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.ModelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeadExtractionTest {
    static final List<String> FIELDS = List.of("name", "email", "company", "intent", "urgency", "budget", "fit", "engagement",
            "demo_datetime", "smart_notification");

    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private OpenAiConfig config(ApiMode mode) {
        return OpenAiConfig.builder().baseUrl(openai.baseUrl() + "/v1").apiKey(Secret.of("sk-test-0123456789abcdef"))
                .apiMode(mode).build();
    }

    private static ExtractionRequest conversationWithAna() {
        return extraction(promptAgent("pmpt_1", null), List.of(
                inbound(1, "Oi, sou a Ana Souza da Loja Centro"),
                agentReply(2, "Olá Ana! Como posso ajudar?"),
                inbound(3, "Quero uma demo amanhã às 15h, meu email é ana@lojacentro.com.br"),
                humanReply(4, "Combinado, Ana!")));
    }

    private JsonNode body(String path) {
        return Payloads.body(openai.findAll(postRequestedFor(urlEqualTo(path))).getFirst());
    }

    private static void assertStrictLeadSchema(JsonNode schema) {
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        assertThat(required).containsExactlyInAnyOrderElementsOf(FIELDS);
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).containsExactlyInAnyOrderElementsOf(FIELDS);
        for (String f : FIELDS) {
            assertThat(schema.path("properties").path(f).path("type").get(1).asText()).as(f + " is nullable").isEqualTo("null");
        }
        assertThat(schema.path("properties").path("engagement").path("type").get(0).asText()).isEqualTo("integer");
        assertThat(schema.path("properties").path("engagement").path("minimum").asInt()).isEqualTo(1);
        assertThat(schema.path("properties").path("engagement").path("maximum").asInt()).isEqualTo(3);
        assertThat(schema.path("properties").path("demo_datetime").path("type").get(0).asText()).isEqualTo("string");
    }

    @Test
    void responses_extraction_asks_for_strict_json_schema_outside_the_customer_conversation() {
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text("response_lead_extraction.json"))));

        new OpenAiResponsesModel(config(ApiMode.RESPONSES), new RecordingSleeper()).extract(conversationWithAna());

        JsonNode body = body("/v1/responses");
        assertThat(body.has("conversation")).isFalse();
        assertThat(body.has("previous_response_id")).isFalse();
        assertThat(body.has("prompt")).isFalse();
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("model").asText()).isEqualTo(OpenAiConfig.DEFAULT_MODEL);
        assertThat(body.path("instructions").asText()).contains("extract lead data").contains("urgency");
        JsonNode format = body.path("text").path("format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("name").asText()).isEqualTo("lead_extraction");
        assertThat(format.path("strict").asBoolean()).isTrue();
        assertStrictLeadSchema(format.path("schema"));
        String transcript = body.path("input").get(0).path("content").asText();
        assertThat(transcript)
                .contains("Customer: Oi, sou a Ana Souza da Loja Centro")
                .contains("Assistant: Olá Ana! Como posso ajudar?")
                .contains("Team member: Combinado, Ana!")
                .contains("[2026-11-23T10:03:00Z] Customer: Quero uma demo");
        openai.verify(0, postRequestedFor(urlEqualTo("/v1/conversations")));
    }

    @Test
    void responses_extraction_parses_every_field_and_usage() {
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text("response_lead_extraction.json"))));

        LeadData lead = new OpenAiResponsesModel(config(ApiMode.RESPONSES), new RecordingSleeper()).extract(conversationWithAna());

        assertThat(lead).isEqualTo(new LeadData("Ana Souza", "ana@lojacentro.com.br", "Loja Centro", "demo of the scheduling plan",
                3, 2, 3, 3, "2026-11-24T15:00:00-03:00",
                "Confirm Ana's demo tomorrow at 15:00 and send the pricing sheet.", new Usage(410, 95, 505)));
    }

    @Test
    void output_that_is_not_json_is_a_retryable_invalid_output() {
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text("response_lead_extraction_not_json.json"))
                .withHeader("x-request-id", "req_bad")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config(ApiMode.RESPONSES), new RecordingSleeper()).extract(conversationWithAna()));

        assertThat(e.code()).isEqualTo("invalid_output");
        assertThat(e.retryable()).isTrue();
        assertThat(e.requestId()).isEqualTo("req_bad");
    }

    @Test
    void output_with_a_field_of_the_wrong_type_is_invalid_output() {
        String wrongType = Payloads.text("response_lead_extraction.json").replace("\\\"urgency\\\": 3", "\\\"urgency\\\": \\\"high\\\"");
        assertThat(wrongType).contains("high");
        openai.stubFor(post("/v1/responses").willReturn(okJson(wrongType)));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config(ApiMode.RESPONSES), new RecordingSleeper()).extract(conversationWithAna()));

        assertThat(e.code()).isEqualTo("invalid_output");
        assertThat(e.getMessage()).contains("urgency");
    }

    @Test
    void chat_extraction_uses_response_format_json_schema_and_accepts_a_fenced_answer() {
        openai.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_lead_extraction_fenced.json"))));
        ExtractionRequest request = extraction(instructionsAgent("We sell scheduling software.", "llama3.1:8b"),
                List.of(inbound(1, "Oi, sou a Ana da Loja Centro, quanto custa?")));

        LeadData lead = new ChatCompletionsModel(config(ApiMode.CHAT_COMPLETIONS), new RecordingSleeper()).extract(request);

        JsonNode body = body("/v1/chat/completions");
        assertThat(body.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).contains("We sell scheduling software.");
        assertThat(body.path("messages").get(1).path("content").asText()).contains("Customer: Oi, sou a Ana da Loja Centro");
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("lead_extraction");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertStrictLeadSchema(format.path("json_schema").path("schema"));
        assertThat(lead).isEqualTo(new LeadData("Ana Souza", null, "Loja Centro", "pricing", 1, null, 2, 2, null, null,
                new Usage(19, 10, 29)));
    }

    @Test
    void chat_extraction_answer_that_is_a_json_array_is_invalid_output() {
        String array = Payloads.text("chat_completion.json").replace("Sim, abrimos sábado das 9h às 13h.", "[1, 2, 3]");
        openai.stubFor(post("/v1/chat/completions").willReturn(okJson(array)));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new ChatCompletionsModel(config(ApiMode.CHAT_COMPLETIONS), new RecordingSleeper()).extract(conversationWithAna()));

        assertThat(e.code()).isEqualTo("invalid_output");
    }
}
