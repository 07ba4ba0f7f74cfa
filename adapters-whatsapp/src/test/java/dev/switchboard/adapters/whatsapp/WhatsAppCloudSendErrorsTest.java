package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.account;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.graphError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each Graph API failure, served by a mock Meta, pinned to the send result the engine acts on. */
class WhatsAppCloudSendErrorsTest {
    private static final String MESSAGES = "/v23.0/" + CloudFixtures.PHONE_NUMBER_ID + "/messages";

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private SendResult sendAgainst(int status, String body) {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        return CloudFixtures.channel(meta.baseUrl() + "/v23.0").send(account(), OutboundMessage.text(CUSTOMER, "Hi"));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> rate limited, retry after {2}s")
    @CsvSource({
            "429, 130429, 1",   // number throughput reached
            "400, 131056, 6",   // pair rate limit: one message per 6 s to one user
            "400, 4, 60",       // app-level call rate
            "429, 80007, 60",   // WABA rate limit
    })
    void rate_limit_codes_are_rate_limited_with_a_backoff_hint(int status, int code, long seconds) {
        SendResult result = sendAgainst(status, graphError(code, "(#" + code + ") Rate limit hit", "Cloud API message throughput has been reached."));

        assertThat(result).isInstanceOfSatisfying(SendResult.RateLimited.class, r -> {
            assertThat(r.code()).isEqualTo(String.valueOf(code));
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(r.message()).contains("Rate limit hit").contains("throughput has been reached");
        });
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> retryable")
    @CsvSource({
            "500, 131000",  // something went wrong
            "500, 1",       // unknown API error
            "503, 2",       // temporary service outage
            "503, 131016",  // service unavailable
            "503, 131057",  // account in maintenance
    })
    void transient_codes_are_retryable(int status, int code) {
        SendResult result = sendAgainst(status, graphError(code, "Service temporarily unavailable", "Please retry."));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.code()).isEqualTo(String.valueOf(code));
            assertThat(r.message()).isEqualTo("Service temporarily unavailable: Please retry.");
        });
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> permanent")
    @CsvSource({
            "400, 131047",  // 24-hour window closed: needs a template
            "400, 131026",  // undeliverable
            "400, 100",     // invalid parameter
            "401, 190",     // token expired
            "400, 132001",  // template does not exist
            "400, 132000",  // template parameter count mismatch
            "403, 368",     // policy restriction
            "403, 10",      // permission missing
            "403, 200",     // permission missing
            "400, 131048",  // spam rate limit: stop, not retry
            "500, 131047",  // a permanent code wins over a 5xx status
    })
    void codes_that_need_a_fix_are_permanent(int status, int code) {
        SendResult result = sendAgainst(status, graphError(code, "(#" + code + ") Request rejected", "See error_data."));

        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo(String.valueOf(code));
            assertThat(p.message()).isEqualTo("(#" + code + ") Request rejected: See error_data.");
        });
    }

    @Test
    void unknown_code_falls_back_to_the_http_status() {
        assertThat(sendAgainst(503, graphError(999001, "New failure", "x"))).isInstanceOf(SendResult.Retryable.class);
        assertThat(sendAgainst(429, graphError(999001, "New failure", "x"))).isInstanceOf(SendResult.RateLimited.class);
        assertThat(sendAgainst(400, graphError(999001, "New failure", "x")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("999001"));
    }

    @Test
    void unknown_code_marked_transient_by_meta_is_retryable() {
        String body = "{\"error\":{\"message\":\"Try again\",\"code\":999002,\"is_transient\":true}}";

        assertThat(sendAgainst(400, body))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("999002"));
    }

    @Test
    void non_json_error_bodies_are_classified_by_http_status() {
        assertThat(sendAgainst(502, "<html>Bad Gateway</html>"))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("http_502"));
        assertThat(sendAgainst(404, ""))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("http_404"));
    }

    @Test
    void http_429_without_a_code_honours_retry_after() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        SendResult result = CloudFixtures.channel(meta.baseUrl() + "/v23.0").send(account(), OutboundMessage.text(CUSTOMER, "Hi"));

        assertThat(result).isEqualTo(new SendResult.RateLimited(Duration.ofSeconds(30), "http_429", "HTTP 429 from the WhatsApp Cloud API"));
    }

    @Test
    void connection_reset_is_retryable() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        SendResult result = CloudFixtures.channel(meta.baseUrl() + "/v23.0").send(account(), OutboundMessage.text(CUSTOMER, "Hi"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("io"));
    }

    @Test
    void timeout_is_retryable() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withFixedDelay(2_000).withStatus(200)));
        WhatsAppCloudChannel impatient = new WhatsAppCloudChannel(WhatsAppCloudConfig.builder()
                .apiBaseUrl(meta.baseUrl() + "/v23.0")
                .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build())
                .build());

        assertThat(impatient.send(account(), OutboundMessage.text(CUSTOMER, "Hi")))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("io"));
    }
}
