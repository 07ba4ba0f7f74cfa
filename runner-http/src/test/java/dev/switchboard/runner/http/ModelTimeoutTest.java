package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTimeoutTest {

    @Test
    void a_model_that_times_out_gets_the_agents_fallback_reply_sent_and_the_turn_is_not_charged() {
        try (var f = new ServerFixture(Map.of("OPENAI_TIMEOUT", "500", "OPENAI_MAX_RETRIES", "0"), s -> {})) {
            OpenAiStubs.metaAccepts(f.wiremock);
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/conversations")).willReturn(okJson("{\"id\":\"conv_1\",\"object\":\"conversation\",\"created_at\":1,\"metadata\":{}}")));
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(okJson(OpenAiStubs.response("too late")).withFixedDelay(3000)));
            var t = f.tenant(5, "\"debounce_ms\":0,\"fallback_reply\":\"Um atendente já vai responder.\"");
            f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.timeout1", "Oi"));
            ServerFixture.await("fallback sent", () -> f.wiremock.findAll(
                    com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).size() == 1);
            JsonNode sent = Json.read(f.wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).getFirst().getBodyAsString());
            assertThat(sent.at("/text/body").asText()).isEqualTo("Um atendente já vai responder.");
            ServerFixture.await("refund recorded", () -> f.adminOk("GET", "/users/" + t.userId() + "/credits", null)
                    .get("remaining_credits").asLong() == 5);
        }
    }
}
