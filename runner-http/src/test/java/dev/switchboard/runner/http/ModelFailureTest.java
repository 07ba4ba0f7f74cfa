package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OpenAI failing, end to end through the server: what is retried, what is not, and that the
 * customer always gets either the model's reply or the agent's fallback (api-contracts §4.6 error shapes).
 */
class ModelFailureTest {
    private static final String FALLBACK = "Um atendente já vai responder.";

    private static String error(String type, String code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";
    }

    private static int responsesCalls(ServerFixture f) {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses"))).size();
    }

    /** Posts one customer message and waits for the one message sent back; returns its text. */
    private static String turn(ServerFixture f) {
        OpenAiStubs.metaAccepts(f.wiremock);
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/conversations")).willReturn(okJson(
                "{\"id\":\"conv_1\",\"object\":\"conversation\",\"created_at\":1,\"metadata\":{}}")));
        var t = f.tenant(5, "\"debounce_ms\":0,\"fallback_reply\":\"" + FALLBACK + "\"");
        f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.f-" + UUID.randomUUID(), "Oi"));
        var sends = postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"));
        ServerFixture.await("one message sent back", () -> f.wiremock.findAll(sends).size() == 1);
        return Json.read(f.wiremock.findAll(sends).getFirst().getBodyAsString()).at("/text/body").asText();
    }

    @Test
    void insufficient_quota_is_not_retried_and_the_fallback_is_sent() {
        try (var f = new ServerFixture(Map.of("OPENAI_MAX_RETRIES", "3"), s -> {})) {
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(aResponse().withStatus(429)
                    .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req_quota")
                    .withBody(error("insufficient_quota", "insufficient_quota", "You exceeded your current quota."))));

            assertThat(turn(f)).isEqualTo(FALLBACK);
            assertThat(responsesCalls(f)).as("a quota error is never retried").isEqualTo(1);
        }
    }

    @Test
    void a_server_error_on_every_attempt_is_retried_max_retries_times_then_the_fallback_is_sent() {
        try (var f = new ServerFixture(Map.of("OPENAI_MAX_RETRIES", "2", "OPENAI_TIMEOUT", "10000"), s -> {})) {
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(aResponse().withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody(error("server_error", "server_error", "The server had an error while processing your request."))));

            assertThat(turn(f)).isEqualTo(FALLBACK);
            assertThat(responsesCalls(f)).as("the first call and two retries").isEqualTo(3);
        }
    }

    @Test
    void a_rate_limit_with_retry_after_is_waited_out_and_the_models_reply_is_sent() {
        try (var f = new ServerFixture(Map.of("OPENAI_MAX_RETRIES", "3", "OPENAI_TIMEOUT", "10000"), s -> {})) {
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "1")
                            .withBody(error("requests", "rate_limit_exceeded", "Rate limit reached for gpt-4o-mini.")))
                    .willSetStateTo("open"));
            f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).inScenario("limit").whenScenarioStateIs("open")
                    .willReturn(okJson(OpenAiStubs.response("Temos café, sim!"))));

            assertThat(turn(f)).isEqualTo("Temos café, sim!");
            assertThat(responsesCalls(f)).isEqualTo(2);
            var calls = f.wiremock.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().startsWith("/v1/responses"))
                    .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
            assertThat(calls.get(1) - calls.get(0)).as("ms between the two calls: Retry-After honoured").isGreaterThanOrEqualTo(1000);
        }
    }
}
