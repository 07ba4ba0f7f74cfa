package dev.switchboard.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.openai.TestData.conversation;
import static dev.switchboard.adapters.openai.TestData.inbound;
import static dev.switchboard.adapters.openai.TestData.instructionsAgent;
import static dev.switchboard.adapters.openai.TestData.promptAgent;
import static dev.switchboard.adapters.openai.TestData.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.model.ModelException;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each failure of the OpenAI API does: retried (and how long the adapter waits) or thrown at once. */
class RetryAndErrorTest {
    static final String KEY = "sk-test-0123456789abcdef";

    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    final RecordingSleeper sleeper = new RecordingSleeper();

    private OpenAiConfig.Builder config() {
        return OpenAiConfig.builder().baseUrl(openai.baseUrl() + "/v1").apiKey(Secret.of(KEY));
    }

    private static TurnRequest aTurn() {
        return turn(promptAgent("pmpt_1", null), conversation("conv_1"), List.of(inbound(1, "Oi")));
    }

    private static ResponseDefinitionBuilder error(int status, String payload) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_err" + status).withBody(Payloads.text(payload));
    }

    /** First call answers {@code first}, every later call succeeds. */
    private void failOnceThenSucceed(String path, ResponseDefinitionBuilder first, String successPayload) {
        openai.stubFor(post(path).inScenario("retry").whenScenarioStateIs(Scenario.STARTED).willReturn(first).willSetStateTo("ok"));
        openai.stubFor(post(path).inScenario("retry").whenScenarioStateIs("ok").willReturn(okJson(Payloads.text(successPayload))));
    }

    private int calls(String path) {
        return openai.findAll(postRequestedFor(urlEqualTo(path))).size();
    }

    @Test
    void rate_limited_429_with_retry_after_is_retried_after_the_delay_the_server_asked_for() {
        failOnceThenSucceed("/v1/responses", error(429, "error_rate_limit.json").withHeader("Retry-After", "1"), "response_text.json");
        OpenAiResponsesModel model = new OpenAiResponsesModel(config().build(), sleeper);

        ModelReply reply = model.reply(aTurn());

        assertThat(reply.text()).isEqualTo("Sim, abrimos sábado das 9h às 13h.");
        assertThat(calls("/v1/responses")).isEqualTo(2);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void retry_after_ms_wins_over_retry_after() {
        failOnceThenSucceed("/v1/responses",
                error(503, "error_server.json").withHeader("Retry-After-Ms", "250").withHeader("Retry-After", "5"), "response_text.json");

        new OpenAiResponsesModel(config().build(), sleeper).reply(aTurn());

        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void without_a_server_hint_the_wait_is_exponential_backoff_with_jitter() {
        openai.stubFor(post("/v1/responses").willReturn(error(500, "error_server.json")));

        catchThrowableOfType(ModelException.class, () -> new OpenAiResponsesModel(config().maxRetries(3).build(), sleeper).reply(aTurn()));

        assertThat(sleeper.waits).hasSize(3);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
        assertThat(sleeper.waits.get(2)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2000));
    }

    @Test
    void insufficient_quota_429_is_not_retried() {
        openai.stubFor(post("/v1/responses").willReturn(error(429, "error_insufficient_quota.json")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config().build(), sleeper).reply(aTurn()));

        assertThat(calls("/v1/responses")).isEqualTo(1);
        assertThat(e.retryable()).isFalse();
        assertThat(e.code()).isEqualTo("insufficient_quota");
        assertThat(e.requestId()).isEqualTo("req_err429");
        assertThat(sleeper.waits).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"credit_balance_exhausted", "project_spend_limit_exceeded"})
    void quota_codes_under_another_type_are_not_retried_either(String code) {
        openai.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(429).withBody(
                "{\"error\":{\"message\":\"billing\",\"type\":\"requests\",\"param\":null,\"code\":\"" + code + "\"}}")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config().build(), sleeper).reply(aTurn()));

        assertThat(calls("/v1/responses")).isEqualTo(1);
        assertThat(e.retryable()).isFalse();
        assertThat(e.code()).isEqualTo(code);
    }

    @Test
    void server_error_is_retried_max_retries_times_then_thrown() {
        openai.stubFor(post("/v1/responses").willReturn(error(500, "error_server.json")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config().maxRetries(2).build(), sleeper).reply(aTurn()));

        assertThat(calls("/v1/responses")).isEqualTo(3);
        assertThat(sleeper.waits).hasSize(2);
        assertThat(e.retryable()).isTrue();
        assertThat(e.code()).isEqualTo("server_error");
        assertThat(e.requestId()).isEqualTo("req_err500");
    }

    @ParameterizedTest
    @CsvSource({"408", "409", "502", "503"})
    void transient_statuses_are_retried(int status) {
        failOnceThenSucceed("/v1/responses", aResponse().withStatus(status), "response_text.json");

        new OpenAiResponsesModel(config().build(), sleeper).reply(aTurn());

        assertThat(calls("/v1/responses")).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"400, invalid_value", "401, invalid_api_key", "403, unsupported_country_region_territory", "404, model_not_found"})
    void client_errors_are_thrown_at_once(int status, String code) {
        openai.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(status).withHeader("x-request-id", "req_4xx")
                .withBody("{\"error\":{\"message\":\"no\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"" + code + "\"}}")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config().build(), sleeper).reply(aTurn()));

        assertThat(calls("/v1/responses")).isEqualTo(1);
        assertThat(e.retryable()).isFalse();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.requestId()).isEqualTo("req_4xx");
    }

    @Test
    void x_should_retry_false_stops_retries() {
        openai.stubFor(post("/v1/responses").willReturn(error(503, "error_server.json").withHeader("x-should-retry", "false")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config().build(), sleeper).reply(aTurn()));

        assertThat(calls("/v1/responses")).isEqualTo(1);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void error_body_that_is_not_json_still_gives_a_status_code() {
        openai.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config().maxRetries(0).build(), sleeper).reply(aTurn()));

        assertThat(e.code()).isEqualTo("http_502");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void call_slower_than_the_timeout_fails_as_a_retryable_timeout() {
        openai.stubFor(post("/v1/responses").willReturn(okJson(Payloads.text("response_text.json")).withFixedDelay(3_000)));
        OpenAiConfig config = config().timeout(Duration.ofMillis(300)).maxRetries(0).build();

        ModelException e = catchThrowableOfType(ModelException.class,
                () -> new OpenAiResponsesModel(config, sleeper).reply(aTurn()));

        assertThat(e.code()).isEqualTo("timeout");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void unreachable_server_is_retried_then_fails_as_an_io_error() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiConfig config = OpenAiConfig.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1").maxRetries(1).build();

        ModelException e = catchThrowableOfType(ModelException.class, () -> new OpenAiResponsesModel(config, sleeper).reply(aTurn()));

        assertThat(e.code()).isEqualTo("io_error");
        assertThat(e.retryable()).isTrue();
        assertThat(sleeper.waits).hasSize(1);
    }

    @Test
    void chat_completions_share_the_retry_policy() {
        failOnceThenSucceed("/v1/chat/completions", error(429, "error_rate_limit.json").withHeader("Retry-After", "2"), "chat_completion.json");
        ChatCompletionsModel model = new ChatCompletionsModel(config().build(), sleeper);

        ModelReply reply = model.reply(turn(instructionsAgent("Be brief.", "llama3.1:8b"), conversation(null), List.of(inbound(1, "Oi"))));

        assertThat(reply.text()).isEqualTo("Sim, abrimos sábado das 9h às 13h.");
        assertThat(calls("/v1/chat/completions")).isEqualTo(2);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void chat_completions_quota_error_is_not_retried() {
        openai.stubFor(post("/v1/chat/completions").willReturn(error(429, "error_insufficient_quota.json")));

        ModelException e = catchThrowableOfType(ModelException.class, () -> new ChatCompletionsModel(config().build(), sleeper)
                .reply(turn(instructionsAgent("Be brief.", null), conversation(null), List.of(inbound(1, "Oi")))));

        assertThat(calls("/v1/chat/completions")).isEqualTo(1);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void real_sleeper_really_waits_for_retry_after_before_the_second_call() {
        failOnceThenSucceed("/v1/responses", error(429, "error_rate_limit.json").withHeader("Retry-After", "1"), "response_text.json");

        ModelReply reply = new OpenAiResponsesModel(config().build()).reply(aTurn());

        assertThat(reply.text()).isNotBlank();
        assertThat(calls("/v1/responses")).isEqualTo(2);
    }

    @Test
    void the_api_key_never_shows_in_exceptions_or_in_the_config_text() {
        openai.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-test-****cdef.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));
        OpenAiConfig config = config().build();

        ModelException e = catchThrowableOfType(ModelException.class, () -> new OpenAiResponsesModel(config, sleeper).reply(aTurn()));

        assertThat(e.getMessage()).doesNotContain(KEY);
        assertThat(e.toString()).doesNotContain(KEY);
        assertThat(config.toString()).doesNotContain(KEY);
    }
}
