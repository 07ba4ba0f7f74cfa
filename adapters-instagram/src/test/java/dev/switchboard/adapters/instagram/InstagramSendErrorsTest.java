package dev.switchboard.adapters.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.instagram.InstagramFixtures.CUSTOMER;
import static dev.switchboard.adapters.instagram.InstagramFixtures.MESSAGES;
import static dev.switchboard.adapters.instagram.InstagramFixtures.account;
import static dev.switchboard.adapters.instagram.InstagramFixtures.graphError;
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

/** Each Graph error the Instagram API answers a send with, served by a mock Meta, pinned to the result the engine acts on. */
class InstagramSendErrorsTest {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private SendResult sendAgainst(int status, String body) {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        return send(InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION));
    }

    private static SendResult send(InstagramChannel channel) {
        return channel.send(account(), OutboundMessage.text(CUSTOMER, "Oi"));
    }

    @Test
    void send_outside_the_24_hour_window_is_permanent_with_metas_code_and_subcode() {
        SendResult result = sendAgainst(403, graphError(10, 2534022, "This message is sent outside of allowed window."));

        assertThat(result).isEqualTo(new SendResult.Permanent("10",
                "This message is sent outside of allowed window. (subcode 2534022)"));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> rate limited")
    @CsvSource({
            "400, 4",       // application request limit
            "400, 17",      // user request limit
            "400, 32",      // account request limit
            "400, 613",     // calls to this API exceeded the rate limit
            "429, 80002",   // Instagram business-use-case limit
            "429, 80006",   // messaging business-use-case limit
    })
    void rate_limit_codes_are_rate_limited_with_a_backoff_hint(int status, int code) {
        SendResult result = sendAgainst(status, graphError(code, null, "(#" + code + ") Rate limit reached"));

        assertThat(result).isInstanceOfSatisfying(SendResult.RateLimited.class, r -> {
            assertThat(r.code()).isEqualTo(String.valueOf(code));
            assertThat(r.retryAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(r.message()).isEqualTo("(#" + code + ") Rate limit reached");
        });
    }

    @Test
    void retry_after_header_overrides_the_default_wait() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400).withHeader("Retry-After", "7")
                .withBody(graphError(613, null, "Calls to this api have exceeded the rate limit."))));

        SendResult result = send(InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION));

        assertThat(result).isInstanceOfSatisfying(SendResult.RateLimited.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> retryable")
    @CsvSource({
            "500, 1",      // unknown error
            "503, 2",      // service temporarily unavailable
            "400, 1200",   // temporary send message failure
    })
    void transient_codes_are_retryable(int status, int code) {
        SendResult result = sendAgainst(status, graphError(code, null, "Please retry your request later."));

        assertThat(result).isEqualTo(new SendResult.Retryable(String.valueOf(code), "Please retry your request later."));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> permanent")
    @CsvSource({
            "401, 190",    // access token expired or invalid
            "400, 100",    // invalid parameter / no matching user
            "403, 10",     // permission denied
            "403, 3",      // capability missing
            "403, 200",    // permission missing
            "403, 230",    // messaging permission missing
            "400, 368",    // blocked for policy reasons
            "400, 551",    // this person isn't available right now
            "500, 190",    // a permanent code wins over a 5xx status
    })
    void codes_that_need_a_fix_are_permanent(int status, int code) {
        SendResult result = sendAgainst(status, graphError(code, null, "(#" + code + ") Request rejected"));

        assertThat(result).isEqualTo(new SendResult.Permanent(String.valueOf(code), "(#" + code + ") Request rejected"));
    }

    @Test
    void unknown_code_falls_back_to_the_http_status() {
        assertThat(sendAgainst(503, graphError(999001, null, "New failure"))).isInstanceOf(SendResult.Retryable.class);
        assertThat(sendAgainst(429, graphError(999001, null, "New failure"))).isInstanceOf(SendResult.RateLimited.class);
        assertThat(sendAgainst(400, graphError(999001, null, "New failure")))
                .isEqualTo(new SendResult.Permanent("999001", "New failure"));
    }

    @Test
    void unknown_code_marked_transient_by_meta_is_retryable() {
        String body = "{\"error\":{\"message\":\"Try again\",\"code\":999002,\"is_transient\":true}}";

        assertThat(sendAgainst(400, body)).isEqualTo(new SendResult.Retryable("999002", "Try again"));
    }

    @Test
    void user_facing_message_is_added_to_the_operators_message() {
        String body = """
                {"error":{"message":"Invalid parameter","type":"IGApiException","code":100,"error_subcode":2534014,
                 "error_user_title":"User not found","error_user_msg":"The user could not be found.","fbtrace_id":"x"}}""";

        assertThat(sendAgainst(400, body)).isEqualTo(new SendResult.Permanent("100",
                "Invalid parameter: The user could not be found. (subcode 2534014)"));
    }

    @Test
    void non_json_error_bodies_are_classified_by_http_status() {
        assertThat(sendAgainst(502, "<html>Bad Gateway</html>"))
                .isEqualTo(new SendResult.Retryable("http_502", "HTTP 502 from the Instagram API"));
        assertThat(sendAgainst(404, ""))
                .isEqualTo(new SendResult.Permanent("http_404", "HTTP 404 from the Instagram API"));
    }

    @Test
    void http_429_without_a_code_honours_retry_after() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        SendResult result = send(InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION));

        assertThat(result).isEqualTo(new SendResult.RateLimited(Duration.ofSeconds(30), "http_429", "HTTP 429 from the Instagram API"));
    }

    @Test
    void connection_reset_is_retryable() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        SendResult result = send(InstagramFixtures.channel(meta.baseUrl() + InstagramFixtures.VERSION));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("io"));
    }

    @Test
    void timeout_is_retryable() {
        meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withFixedDelay(2_000).withStatus(200)));
        InstagramChannel impatient = new InstagramChannel(InstagramFixtures.config(meta.baseUrl() + InstagramFixtures.VERSION)
                .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build())
                .build());

        assertThat(send(impatient)).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("io"));
    }
}
