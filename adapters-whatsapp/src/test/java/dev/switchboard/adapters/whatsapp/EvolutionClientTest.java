package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE_TOKEN;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.evolutionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.adapters.whatsapp.EvolutionApiException.Reason;
import dev.switchboard.adapters.whatsapp.EvolutionClient.Connected;
import dev.switchboard.adapters.whatsapp.EvolutionClient.CreatedInstance;
import dev.switchboard.adapters.whatsapp.EvolutionClient.NewInstance;
import dev.switchboard.adapters.whatsapp.EvolutionClient.QrCode;
import dev.switchboard.adapters.whatsapp.EvolutionClient.WebhookConfig;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.InvalidInputException;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instance management against a mock Evolution server answering with the shapes of api-contracts.md 3.1–3.3. */
class EvolutionClientTest {
    private static final String GLOBAL_KEY = "B6D711FCDE4D4FD5936544120E713976";
    private static final String QR_BASE64 = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private static final String HOOK = "https://agent.example.com/webhooks/evolution";

    @RegisterExtension
    static WireMockExtension evolution = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final EvolutionClient client = new EvolutionClient(EvolutionFixtures.config(null));

    private EvolutionInstance instance() {
        return new EvolutionInstance(HttpUrl.get(evolution.baseUrl()), INSTANCE, new Secret(INSTANCE_TOKEN));
    }

    private static void answer(MappingBuilder request, int status, String body) {
        evolution.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** {@code upstreamText}: what the server said, which is logged but never carried to our caller. */
    private static void assertFails(ThrowingCallable call, Reason reason, int status, String upstreamText) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EvolutionApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(INSTANCE).contains("the Evolution server").doesNotContain(upstreamText)
                    .doesNotContain(INSTANCE_TOKEN).doesNotContain(GLOBAL_KEY);
        });
    }

    // --- create ----------------------------------------------------------------------------------

    private static final String CREATED = """
            { "instance": { "instanceName": "loja-centro", "instanceId": "a0b1c2d3-e4f5-6789-abcd-ef0123456789",
                            "integration": "WHATSAPP-BAILEYS", "webhookWaBusiness": null, "accessTokenWaBusiness": "",
                            "status": "connecting" },
              "hash": "2F0E8A5C-6B1D-4C3E-9F7A-1D2C3B4A5E6F",
              "webhook": { "webhookUrl": "https://agent.example.com/webhooks/evolution",
                           "webhookHeaders": {"authorization": "Bearer wh-7c1e0f4b2d9a8e6c"},
                           "webhookByEvents": false, "webhookBase64": false },
              "websocket": {}, "rabbitmq": {}, "nats": {}, "sqs": {},
              "settings": { "rejectCall": false, "msgCall": "", "groupsIgnore": false, "alwaysOnline": false,
                            "readMessages": false, "readStatus": false, "syncFullHistory": false, "wavoipToken": "" },
              "qrcode": { "pairingCode": null, "code": "2@y8eK+bjtEjUWy9/FOMkGzA==,Xq1,Yw2,Zr3", "base64": "%s", "count": 1 } }
            """.formatted(QR_BASE64);

    @Test
    void create_posts_a_baileys_instance_with_its_nested_webhook_using_the_global_key() {
        answer(post(urlEqualTo("/instance/create")), 201, CREATED);

        CreatedInstance created = client.createInstance(HttpUrl.get(evolution.baseUrl()), new Secret(GLOBAL_KEY),
                NewInstance.baileys(INSTANCE, null, WebhookConfig.bearer(HOOK, new Secret("wh-7c1e0f4b2d9a8e6c"))));

        evolution.verify(postRequestedFor(urlEqualTo("/instance/create"))
                .withHeader("apikey", equalTo(GLOBAL_KEY))
                .withRequestBody(equalToJson("""
                        { "instanceName": "loja-centro", "integration": "WHATSAPP-BAILEYS", "qrcode": true,
                          "webhook": { "enabled": true, "url": "https://agent.example.com/webhooks/evolution",
                                       "byEvents": false, "base64": false,
                                       "headers": { "authorization": "Bearer wh-7c1e0f4b2d9a8e6c" },
                                       "events": ["MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE", "QRCODE_UPDATED"] } }""")));
        assertThat(created.name()).isEqualTo(INSTANCE);
        assertThat(created.instanceId()).isEqualTo("a0b1c2d3-e4f5-6789-abcd-ef0123456789");
        assertThat(created.status()).isEqualTo("connecting");
        assertThat(created.token().value()).isEqualTo(INSTANCE_TOKEN);
        assertThat(created.qrCode()).isEqualTo(new QrCode("2@y8eK+bjtEjUWy9/FOMkGzA==,Xq1,Yw2,Zr3", QR_BASE64, null, 1));
    }

    @Test
    void create_sends_our_own_instance_token_when_given() {
        answer(post(urlEqualTo("/instance/create")), 201, CREATED);

        client.createInstance(HttpUrl.get(evolution.baseUrl()), new Secret(GLOBAL_KEY),
                NewInstance.baileys(INSTANCE, new Secret("own-token-123"), null));

        evolution.verify(postRequestedFor(urlEqualTo("/instance/create")).withRequestBody(equalToJson(
                "{\"instanceName\":\"loja-centro\",\"integration\":\"WHATSAPP-BAILEYS\",\"qrcode\":true,\"token\":\"own-token-123\"}")));
    }

    @Test
    void create_reads_the_token_also_in_the_docs_object_shape() {
        answer(post(urlEqualTo("/instance/create")), 201,
                CREATED.replace("\"hash\": \"2F0E8A5C-6B1D-4C3E-9F7A-1D2C3B4A5E6F\"", "\"hash\": {\"apikey\": \"2F0E8A5C-6B1D-4C3E-9F7A-1D2C3B4A5E6F\"}"));

        CreatedInstance created = client.createInstance(HttpUrl.get(evolution.baseUrl()), new Secret(GLOBAL_KEY),
                NewInstance.baileys(INSTANCE, null, null));

        assertThat(created.token().value()).isEqualTo(INSTANCE_TOKEN);
    }

    @Test
    void create_with_a_taken_name_fails_as_name_in_use() {
        answer(post(urlEqualTo("/instance/create")), 403,
                evolutionError(403, "Forbidden", "[\"This name \\\"loja-centro\\\" is already in use.\"]"));

        assertFails(() -> client.createInstance(HttpUrl.get(evolution.baseUrl()), new Secret(GLOBAL_KEY),
                NewInstance.baileys(INSTANCE, null, null)), Reason.NAME_IN_USE, 403, "already in use");
    }

    @Test
    void create_with_a_wrong_global_key_fails_as_unauthorized() {
        answer(post(urlEqualTo("/instance/create")), 401, evolutionError(401, "Unauthorized", "\"Unauthorized\""));

        assertFails(() -> client.createInstance(HttpUrl.get(evolution.baseUrl()), new Secret(GLOBAL_KEY),
                NewInstance.baileys(INSTANCE, null, null)), Reason.UNAUTHORIZED, 401, "Unauthorized");
    }

    // --- connect ---------------------------------------------------------------------------------

    @Test
    void connect_answers_the_qr_to_scan() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 200,
                "{\"pairingCode\":null,\"code\":\"2@abc\",\"base64\":\"" + QR_BASE64 + "\",\"count\":1}");

        assertThat(client.connect(instance(), null)).isEqualTo(new QrCode("2@abc", QR_BASE64, null, 1));
        evolution.verify(getRequestedFor(urlEqualTo("/instance/connect/" + INSTANCE)).withHeader("apikey", equalTo(INSTANCE_TOKEN)));
    }

    @Test
    void connect_with_a_number_asks_for_a_pairing_code() {
        answer(get(urlPathEqualTo("/instance/connect/" + INSTANCE)), 200,
                "{\"pairingCode\":\"WZYEH1YY\",\"code\":\"2@abc\",\"base64\":\"" + QR_BASE64 + "\",\"count\":1}");

        assertThat(client.connect(instance(), "5511977776666")).isInstanceOfSatisfying(QrCode.class,
                qr -> assertThat(qr.pairingCode()).isEqualTo("WZYEH1YY"));
        evolution.verify(getRequestedFor(urlEqualTo("/instance/connect/" + INSTANCE + "?number=5511977776666")));
    }

    @Test
    void connect_while_the_qr_is_not_ready_answers_an_empty_qr() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 200, "{\"count\":0}");

        assertThat(client.connect(instance(), null)).isEqualTo(new QrCode(null, null, null, 0));
    }

    @Test
    void connect_on_a_linked_instance_answers_its_state() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 200, "{\"instance\":{\"instanceName\":\"loja-centro\",\"state\":\"open\"}}");

        assertThat(client.connect(instance(), null)).isEqualTo(new Connected("open"));
    }

    @Test
    void connect_on_an_unknown_instance_fails_as_not_found() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 404,
                evolutionError(404, "Not Found", "[\"The \\\"loja-centro\\\" instance does not exist\"]"));

        assertFails(() -> client.connect(instance(), null), Reason.INSTANCE_NOT_FOUND, 404, "does not exist");
    }

    @Test
    void connect_failure_reported_inside_a_200_is_rejected() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 200, "{\"error\":true,\"message\":\"Error: Connection Failure\"}");

        assertFails(() -> client.connect(instance(), null), Reason.REJECTED, 200, "Connection Failure");
    }

    @Test
    void unknown_route_is_rejected_not_reported_as_a_missing_instance() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 404, evolutionError(404, "Not Found", "[\"Cannot GET /instance/connect/x\"]"));

        assertFails(() -> client.connect(instance(), null), Reason.REJECTED, 404, "Cannot GET");
    }

    // --- state and logout ------------------------------------------------------------------------

    @Test
    void connection_state_is_read() {
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 200,
                "{\"instance\":{\"instanceName\":\"loja-centro\",\"state\":\"connecting\"}}");

        assertThat(client.connectionState(instance())).isEqualTo(new EvolutionClient.InstanceState(INSTANCE, "connecting"));
    }

    @Test
    void connection_state_without_a_state_is_an_unexpected_response() {
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 200, "{\"instance\":{}}");

        assertFails(() -> client.connectionState(instance()), Reason.UNEXPECTED_RESPONSE, 200, "instance.state");
    }

    @Test
    void server_error_is_retryable() {
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 500, evolutionError(500, "Internal Server Error", "[\"db down\"]"));

        assertThatThrownBy(() -> client.connectionState(instance())).isInstanceOfSatisfying(EvolutionApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void unreachable_server_is_retryable() {
        evolution.stubFor(get(urlEqualTo("/instance/connectionState/" + INSTANCE)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.connectionState(instance())).isInstanceOfSatisfying(EvolutionApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains(INSTANCE).contains("could not be reached").doesNotContain(INSTANCE_TOKEN)
                    .doesNotContain("Exception").doesNotContain(String.valueOf(evolution.getPort()));
        });
    }

    @Test
    void logout_deletes_the_session() {
        answer(delete(urlEqualTo("/instance/logout/" + INSTANCE)), 200,
                "{\"status\":\"SUCCESS\",\"error\":false,\"response\":{\"message\":\"Instance logged out\"}}");

        client.logout(instance());

        evolution.verify(deleteRequestedFor(urlEqualTo("/instance/logout/" + INSTANCE)).withHeader("apikey", equalTo(INSTANCE_TOKEN)));
    }

    @Test
    void logout_of_a_closed_instance_succeeds() {
        answer(delete(urlEqualTo("/instance/logout/" + INSTANCE)), 400,
                evolutionError(400, "Bad Request", "[\"The \\\"loja-centro\\\" instance is not connected\"]"));
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 200, "{\"instance\":{\"instanceName\":\"loja-centro\",\"state\":\"close\"}}");

        client.logout(instance());
    }

    @Test
    void logout_refused_for_another_reason_fails() {
        answer(delete(urlEqualTo("/instance/logout/" + INSTANCE)), 400, evolutionError(400, "Bad Request", "[\"Error: something else\"]"));
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 200, "{\"instance\":{\"instanceName\":\"loja-centro\",\"state\":\"open\"}}");

        assertFails(() -> client.logout(instance()), Reason.REJECTED, 400, "something else");
    }

    // --- webhook ---------------------------------------------------------------------------------

    private static final String STORED_WEBHOOK = """
            { "id": "cm2x0wh000001", "url": "https://agent.example.com/webhooks/evolution",
              "headers": { "jwt_key": "wh-7c1e0f4b2d9a8e6c" }, "enabled": true,
              "events": ["MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE", "QRCODE_UPDATED"],
              "webhookByEvents": false, "webhookBase64": false,
              "createdAt": "2025-10-21T10:00:00.000Z", "updatedAt": "2025-10-21T10:00:00.000Z",
              "instanceId": "a0b1c2d3-e4f5-6789-abcd-ef0123456789" }""";

    @Test
    void webhook_is_set_with_the_nested_v2_body_and_the_stored_config_returned() {
        answer(post(urlEqualTo("/webhook/set/" + INSTANCE)), 201, STORED_WEBHOOK);

        WebhookConfig stored = client.setWebhook(instance(), WebhookConfig.jwt(HOOK, new Secret("wh-7c1e0f4b2d9a8e6c")));

        evolution.verify(postRequestedFor(urlEqualTo("/webhook/set/" + INSTANCE))
                .withHeader("apikey", equalTo(INSTANCE_TOKEN))
                .withRequestBody(equalToJson("""
                        { "webhook": { "enabled": true, "url": "https://agent.example.com/webhooks/evolution",
                                       "headers": { "jwt_key": "wh-7c1e0f4b2d9a8e6c" }, "byEvents": false, "base64": false,
                                       "events": ["MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE", "QRCODE_UPDATED"] } }""")));
        assertThat(stored).isEqualTo(new WebhookConfig(HOOK, true, Map.of("jwt_key", "wh-7c1e0f4b2d9a8e6c"), false, false,
                EvolutionClient.CHANNEL_EVENTS));
    }

    @Test
    void webhook_config_never_prints_its_header_values() {
        WebhookConfig config = WebhookConfig.bearer(HOOK, new Secret("wh-7c1e0f4b2d9a8e6c"));

        assertThat(config.toString()).contains("authorization").doesNotContain("wh-7c1e0f4b2d9a8e6c");
    }

    @Test
    void webhook_url_that_evolution_would_silently_never_call_is_refused_up_front() {
        assertThatThrownBy(() -> new WebhookConfig("agent.example.com/hook", true, Map.of(), false, false, List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("http");
    }

    @Test
    void webhook_set_refused_by_validation_is_rejected_without_repeating_evolutions_message() {
        answer(post(urlEqualTo("/webhook/set/" + INSTANCE)), 400, evolutionError(400, "Bad Request", "[\"Invalid \\\"url\\\" property\"]"));

        assertFails(() -> client.setWebhook(instance(), WebhookConfig.bearer(HOOK, new Secret("t"))), Reason.REJECTED, 400, "Invalid");
    }
}
