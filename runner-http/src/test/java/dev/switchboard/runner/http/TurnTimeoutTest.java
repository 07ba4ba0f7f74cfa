package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TURN_TIMEOUT bounds every model attempt of a turn together (issue 16). The model never answers and
 * OPENAI_TIMEOUT × (OPENAI_MAX_RETRIES + 1) is 20 s: before TURN_TIMEOUT the customer waited for all four
 * attempts; now the fallback goes out within TURN_TIMEOUT + 2 s, once, and the turn costs nothing.
 */
class TurnTimeoutTest {
    private static final long TURN_TIMEOUT_MS = 3_000;

    @Test
    void a_model_that_never_answers_gets_the_fallback_within_turn_timeout_once_and_uncharged() throws Exception {
        try (var f = new ServerFixture(Map.of("TURN_TIMEOUT", String.valueOf(TURN_TIMEOUT_MS), "OPENAI_TIMEOUT", "5000",
                "OPENAI_MAX_RETRIES", "3"), s -> {})) {
            OpenAiStubs.metaAccepts(f.wiremock);
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/conversations"))
                    .willReturn(okJson("{\"id\":\"conv_1\",\"object\":\"conversation\",\"created_at\":1,\"metadata\":{}}")));
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(okJson(OpenAiStubs.response("never")).withFixedDelay(30_000)));
            var t = f.tenant(5, "\"debounce_ms\":0,\"fallback_reply\":\"Um atendente já vai responder.\"");
            String sendPath = "/v23.0/" + t.phoneNumberId() + "/messages";

            long start = System.nanoTime();
            assertThat(f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.turn1", "Oi")).statusCode()).isEqualTo(200);
            long limit = start + Duration.ofMillis(TURN_TIMEOUT_MS + 2_000).toNanos();
            while (System.nanoTime() < limit && f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sendPath))).isEmpty()) Thread.sleep(20);
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            var sent = f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sendPath)));
            assertThat(sent).as("fallback within TURN_TIMEOUT + 2 s (took %d ms)", tookMs).hasSize(1);
            JsonNode body = Json.read(sent.getFirst().getBodyAsString());
            assertThat(body.at("/text/body").asText()).isEqualTo("Um atendente já vai responder.");
            System.out.println("TurnTimeoutTest: fallback after " + tookMs + " ms (TURN_TIMEOUT " + TURN_TIMEOUT_MS + " ms)");

            ServerFixture.await("turn settled uncharged", () -> f.adminOk("GET", "/users/" + t.userId() + "/credits", null)
                    .get("remaining_credits").asLong() == 5);
            // no retry or second fallback comes after: wait out what the old retry loop would have taken
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quiet) {
                assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sendPath)))).hasSize(1);
                Thread.sleep(100);
            }
            assertThat(f.adminOk("GET", "/users/" + t.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(5);
        }
    }
}
