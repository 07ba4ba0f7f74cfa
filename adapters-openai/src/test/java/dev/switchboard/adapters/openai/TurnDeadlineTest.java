package dev.switchboard.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.openai.TestData.conversation;
import static dev.switchboard.adapters.openai.TestData.inbound;
import static dev.switchboard.adapters.openai.TestData.promptAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.model.ModelException;
import dev.switchboard.core.model.TurnRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The turn's deadline (TURN_TIMEOUT) bounds every attempt and retry the adapter makes for it. */
class TurnDeadlineTest {
    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static OpenAiConfig config(Duration timeout, int retries) {
        return OpenAiConfig.builder().baseUrl(openai.baseUrl() + "/v1").apiKey(Secret.of("sk-test-0123456789abcdef"))
                .timeout(timeout).maxRetries(retries).build();
    }

    private static TurnRequest turnBy(Instant deadline) {
        var t = TestData.turn(promptAgent("pmpt_1", null), conversation("conv_1"), List.of(inbound(1, "Oi")));
        return new TurnRequest(t.agent(), t.conversation(), t.contact(), t.burst(), t.history(), Map.of(), deadline);
    }

    @Test
    void an_attempt_waits_only_for_the_time_left_and_no_retry_starts_after_the_deadline() {
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text("response_text.json")).withFixedDelay(20_000)));
        long start = System.nanoTime();
        ModelException e = catchThrowableOfType(ModelException.class, () ->
                new OpenAiResponsesModel(config(Duration.ofSeconds(10), 3), Sleeper.REAL).reply(turnBy(Instant.now().plusMillis(1_500))));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("timeout");
        assertThat(tookMs).as("gave up near the deadline, not after OPENAI_TIMEOUT (10 s) × 4").isBetween(1_000L, 3_500L);
        assertThat(openai.findAll(postRequestedFor(urlEqualTo("/v1/responses")))).hasSize(1);
    }

    @Test
    void a_retry_whose_backoff_ends_past_the_deadline_is_not_made() {
        openai.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withHeader("retry-after-ms", "5000").withBody(Payloads.text("error_server.json"))));
        RecordingSleeper sleeper = new RecordingSleeper();
        OpenAiResponsesModel model = new OpenAiResponsesModel(config(Duration.ofSeconds(10), 5), sleeper);
        ModelException e = catchThrowableOfType(ModelException.class, () -> model.reply(turnBy(Instant.now().plusMillis(3_000))));
        assertThat(e).isNotNull();
        assertThat(e.retryable()).isTrue();
        assertThat(openai.findAll(postRequestedFor(urlEqualTo("/v1/responses")))).hasSize(1);
    }

    @Test
    void without_a_deadline_the_configured_retries_still_run() {
        openai.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withHeader("retry-after-ms", "5000").withBody(Payloads.text("error_server.json"))));
        catchThrowableOfType(ModelException.class, () ->
                new OpenAiResponsesModel(config(Duration.ofSeconds(10), 2), new RecordingSleeper()).reply(turnBy(null)));
        assertThat(openai.findAll(postRequestedFor(urlEqualTo("/v1/responses")))).hasSize(3);
    }
}
