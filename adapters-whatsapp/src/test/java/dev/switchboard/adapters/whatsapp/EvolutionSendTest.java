package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE_TOKEN;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.evolutionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.ChannelAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Sends against a mock Evolution server: the v2 body shapes and every failure mapped to what the engine does next. */
class EvolutionSendTest {
    private static final String SEND_TEXT = "/message/sendText/" + INSTANCE;

    @RegisterExtension
    static WireMockExtension evolution = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final EvolutionChannel channel = EvolutionFixtures.channel(null);

    private ChannelAccount account() {
        return EvolutionFixtures.accountOn(evolution.baseUrl());
    }

    private void answer(String path, int status, String body) {
        evolution.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private SendResult sendText(int status, String body) {
        answer(SEND_TEXT, status, body);
        return channel.send(account(), OutboundMessage.text(CUSTOMER, "Olá! Como posso ajudar?"));
    }

    // --- request shape ---------------------------------------------------------------------------

    @Test
    void text_goes_as_a_flat_v2_body_with_the_instance_token_as_apikey() {
        answer(SEND_TEXT, 201, EvolutionFixtures.sendAccepted("3EB0NEW0000000000001"));

        SendResult result = channel.send(account(), OutboundMessage.text("+55 (11) 98888-7777", "Olá! Como posso ajudar?"));

        assertThat(result).isEqualTo(new SendResult.Sent("3EB0NEW0000000000001"));
        evolution.verify(postRequestedFor(urlEqualTo(SEND_TEXT))
                .withHeader("apikey", equalTo(INSTANCE_TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"number\":\"5511988887777\",\"text\":\"Olá! Como posso ajudar?\"}")));
    }

    @Test
    void a_reply_quotes_the_customers_message_by_id() {
        answer(SEND_TEXT, 201, EvolutionFixtures.sendAccepted("3EB0NEW0000000000002"));

        channel.send(account(), new OutboundMessage(CUSTOMER, new OutboundContent.Text("Sim, entregamos."), "3EB0A1B2C3D4E5F60718"));

        evolution.verify(postRequestedFor(urlEqualTo(SEND_TEXT)).withRequestBody(equalToJson(
                "{\"number\":\"5511988887777\",\"text\":\"Sim, entregamos.\",\"quoted\":{\"key\":{\"id\":\"3EB0A1B2C3D4E5F60718\"}}}")));
    }

    @Test
    void a_contact_known_only_by_lid_is_addressed_by_its_jid() {
        answer(SEND_TEXT, 201, EvolutionFixtures.sendAccepted("3EB0NEW0000000000003"));

        channel.send(account(), OutboundMessage.text("129645382840123@lid", "Abrimos sim!"));

        evolution.verify(postRequestedFor(urlEqualTo(SEND_TEXT))
                .withRequestBody(equalToJson("{\"number\":\"129645382840123@lid\",\"text\":\"Abrimos sim!\"}")));
    }

    @Test
    void image_goes_to_send_media_with_its_caption() {
        answer("/message/sendMedia/" + INSTANCE, 201, EvolutionFixtures.sendAccepted("3EB0MEDIA00000000001"));

        SendResult result = channel.send(account(), new OutboundMessage(CUSTOMER,
                new OutboundContent.Media("image", "https://cdn.example.com/q.png", "Seu orçamento", "q.png"), null));

        assertThat(result).isEqualTo(new SendResult.Sent("3EB0MEDIA00000000001"));
        evolution.verify(postRequestedFor(urlEqualTo("/message/sendMedia/" + INSTANCE)).withRequestBody(equalToJson("""
                {"number":"5511988887777","mediatype":"image","media":"https://cdn.example.com/q.png",
                 "caption":"Seu orçamento","fileName":"q.png"}""")));
    }

    @Test
    void audio_goes_as_a_voice_note() {
        answer("/message/sendWhatsAppAudio/" + INSTANCE, 201, EvolutionFixtures.sendAccepted("3EB0AUDIO0000000001"));

        SendResult result = channel.send(account(), new OutboundMessage(CUSTOMER,
                new OutboundContent.Media("audio", "https://cdn.example.com/a.ogg", null, null), null));

        assertThat(result).isEqualTo(new SendResult.Sent("3EB0AUDIO0000000001"));
        evolution.verify(postRequestedFor(urlEqualTo("/message/sendWhatsAppAudio/" + INSTANCE))
                .withRequestBody(equalToJson("{\"number\":\"5511988887777\",\"audio\":\"https://cdn.example.com/a.ogg\"}")));
    }

    @Test
    void content_without_a_documented_route_is_unsupported_and_nothing_is_sent() {
        List<OutboundContent> contents = List.of(
                new OutboundContent.Reaction("3EB0A1B2C3D4E5F60718", "👍"),
                new OutboundContent.Buttons("Escolha", List.of(new OutboundContent.Button("a", "A"))),
                new OutboundContent.Template("hello_world", "pt_BR", List.of()));

        for (OutboundContent content : contents) {
            assertThat(channel.send(account(), new OutboundMessage(CUSTOMER, content, null)))
                    .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("unsupported_content"));
        }
        assertThat(evolution.getAllServeEvents()).isEmpty();
    }

    @Test
    void server_url_with_a_path_prefix_and_trailing_slash_keeps_the_prefix() {
        answer("/evolution/message/sendText/" + INSTANCE, 201, EvolutionFixtures.sendAccepted("3EB0PREFIX000000001"));
        ChannelAccount behindProxy = EvolutionFixtures.accountOn(evolution.baseUrl() + "/evolution/");

        assertThat(channel.send(behindProxy, OutboundMessage.text(CUSTOMER, "Oi"))).isEqualTo(new SendResult.Sent("3EB0PREFIX000000001"));
    }

    @Test
    void account_without_its_own_server_uses_the_configured_default() {
        answer(SEND_TEXT, 201, EvolutionFixtures.sendAccepted("3EB0DEFAULT00000001"));
        EvolutionChannel withDefault = EvolutionFixtures.channel(evolution.baseUrl());

        SendResult result = withDefault.send(EvolutionFixtures.account(Map.of()), OutboundMessage.text(CUSTOMER, "Oi"));

        assertThat(result).isEqualTo(new SendResult.Sent("3EB0DEFAULT00000001"));
    }

    @Test
    void account_without_any_server_fails_permanently_without_a_call() {
        SendResult result = channel.send(EvolutionFixtures.account(Map.of()), OutboundMessage.text(CUSTOMER, "Oi"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo("account_misconfigured");
            assertThat(p.message()).contains("server_url");
        });
    }

    @Test
    void recipient_that_is_no_number_fails_permanently() {
        assertThat(channel.send(account(), OutboundMessage.text("maria", "Oi")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("invalid_recipient"));
    }

    @Test
    void empty_text_fails_permanently() {
        assertThat(channel.send(account(), OutboundMessage.text(CUSTOMER, "  ")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("invalid_content"));
    }

    // --- answers ---------------------------------------------------------------------------------

    @Test
    void accepted_send_without_key_id_is_permanent_rather_than_repeated() {
        assertThat(sendText(201, "{\"status\":\"PENDING\"}"))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("no_message_id"));
    }

    @Test
    void number_not_on_whatsapp_is_permanent_and_the_message_hides_the_number() {
        SendResult result = sendText(400, evolutionError(400, "Bad Request",
                "[{\"jid\":\"5511988887777@s.whatsapp.net\",\"exists\":false,\"number\":\"5511988887777\"}]"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo("not_on_whatsapp");
            assertThat(p.message()).contains("is not on WhatsApp").doesNotContain("5511988887777");
        });
    }

    static Stream<Arguments> clientErrors() {
        return Stream.of(
                Arguments.of(400, "Bad Request", "[\"requires property \\\"text\\\"\"]", "requires property \"text\""),
                Arguments.of(401, "Unauthorized", "\"Unauthorized\"", "Unauthorized"),
                Arguments.of(403, "Forbidden", "[\"Forbidden\"]", "Forbidden"),
                Arguments.of(404, "Not Found", "[\"The \\\"loja-centro\\\" instance does not exist\"]",
                        "The \"loja-centro\" instance does not exist"));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> permanent")
    @MethodSource("clientErrors")
    void client_errors_are_permanent_with_evolutions_message(int status, String error, String messageJson, String expected) {
        SendResult result = sendText(status, evolutionError(status, error, messageJson));

        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo("http_" + status);
            assertThat(p.message()).contains(expected);
        });
    }

    @Test
    void auth_failure_says_the_instance_token_was_refused() {
        SendResult result = sendText(401, evolutionError(401, "Unauthorized", "\"Unauthorized\""));

        assertThat(((SendResult.Permanent) result).message()).contains("instance token").doesNotContain(INSTANCE_TOKEN);
    }

    @ParameterizedTest(name = "HTTP {0} -> retryable")
    @CsvSource({"500", "502", "503", "504", "408"})
    void server_errors_are_retryable(int status) {
        SendResult result = sendText(status, evolutionError(status, "Internal Server Error", "[\"boom\"]"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("http_" + status));
    }

    @ParameterizedTest(name = "{0} -> retryable {1}")
    @CsvSource(delimiter = '|', value = {
            "Error: Connection Closed | connection_closed",
            "Error: Timed Out         | timed_out",
    })
    void socket_failures_wrapped_as_400_are_retryable(String exceptionText, String code) {
        SendResult result = sendText(400, evolutionError(400, "Bad Request", "[\"" + exceptionText + "\"]"));

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.message()).isEqualTo(exceptionText);
        });
    }

    @Test
    void throttling_proxy_is_rate_limited_with_its_retry_after() {
        evolution.stubFor(post(urlEqualTo(SEND_TEXT)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        SendResult result = channel.send(account(), OutboundMessage.text(CUSTOMER, "Oi"));

        assertThat(result).isInstanceOfSatisfying(SendResult.RateLimited.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void error_body_that_is_not_json_still_gives_a_message() {
        SendResult result = sendText(502, "<html>Bad Gateway</html>");

        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.message()).contains("502"));
    }

    @Test
    void connection_reset_is_retryable() {
        evolution.stubFor(post(urlPathMatching("/message/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(channel.send(account(), OutboundMessage.text(CUSTOMER, "Oi")))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("io"));
    }

    @Test
    void timeout_is_retryable() {
        evolution.stubFor(post(urlEqualTo(SEND_TEXT)).willReturn(aResponse().withStatus(201).withFixedDelay(2_000)
                .withBody(EvolutionFixtures.sendAccepted("late"))));
        EvolutionChannel impatient = new EvolutionChannel(EvolutionConfig.builder().allowedHosts("localhost")
                .httpClient(new OkHttpClient.Builder().callTimeout(Duration.ofMillis(200)).build()).build());

        assertThat(impatient.send(account(), OutboundMessage.text(CUSTOMER, "Oi")))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("io"));
    }

    @Test
    void there_is_no_service_window() {
        assertThat(channel.serviceWindow()).isEmpty();
    }
}
