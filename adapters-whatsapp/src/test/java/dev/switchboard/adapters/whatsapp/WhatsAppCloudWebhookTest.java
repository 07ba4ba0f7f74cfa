package dev.switchboard.adapters.whatsapp;

import static dev.switchboard.adapters.whatsapp.CloudFixtures.APP_SECRET;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.NOW;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.PHONE_NUMBER_ID;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.VERIFY_TOKEN;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.handshake;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.resource;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.signed;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.signedResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.InboundEvent.MessageReceived;
import dev.switchboard.core.channel.InboundEvent.StatusUpdate;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WhatsAppCloudWebhookTest {
    private final WhatsAppCloudChannel channel = CloudFixtures.channel("http://127.0.0.1:9");

    // --- handshake ---------------------------------------------------------------------------

    @Test
    void handshake_with_the_configured_token_answers_the_raw_challenge() {
        assertThat(channel.handshake(handshake("subscribe", VERIFY_TOKEN, "1158201444"))).contains("1158201444");
    }

    @Test
    void handshake_with_a_wrong_token_is_refused() {
        assertThat(channel.handshake(handshake("subscribe", "meatyhamhocks", "1158201444"))).isEmpty();
        assertThat(channel.handshake(handshake("subscribe", "", "1158201444"))).isEmpty();
    }

    @Test
    void handshake_with_another_mode_is_refused() {
        assertThat(channel.handshake(handshake("unsubscribe", VERIFY_TOKEN, "1158201444"))).isEmpty();
    }

    @Test
    void handshake_without_parameters_is_refused() {
        assertThat(channel.handshake(new WebhookRequest(Map.of(), Map.of(), null))).isEmpty();
    }

    @Test
    void handshake_is_refused_when_no_verify_token_is_configured() {
        WhatsAppCloudChannel unconfigured = new WhatsAppCloudChannel(WhatsAppCloudConfig.builder().appSecret(APP_SECRET).build());
        assertThat(unconfigured.handshake(handshake("subscribe", VERIFY_TOKEN, "1"))).isEmpty();
        assertThat(unconfigured.handshake(handshake("subscribe", "", "1"))).isEmpty();
    }

    // --- signature ---------------------------------------------------------------------------

    @Test
    void correctly_signed_body_is_accepted() {
        assertThat(channel.verify(signedResource("text-message.json"), id -> Optional.empty()))
                .isEqualTo(Verification.accepted());
    }

    @Test
    void body_changed_after_signing_is_rejected() {
        WebhookRequest genuine = signedResource("text-message.json");
        byte[] tampered = genuine.bodyText().replace("another color", "another colour").getBytes(StandardCharsets.UTF_8);
        WebhookRequest forged = WebhookRequest.of(Map.of("X-Hub-Signature-256", genuine.header("X-Hub-Signature-256")), tampered);

        assertThat(channel.verify(forged, id -> Optional.empty()))
                .isInstanceOfSatisfying(Verification.Rejected.class, r -> assertThat(r.reason()).contains("does not match"));
    }

    @Test
    void body_signed_with_another_secret_is_rejected() {
        byte[] body = resource("text-message.json").getBytes(StandardCharsets.UTF_8);
        WebhookRequest forged = WebhookRequest.of(
                Map.of("X-Hub-Signature-256", CloudFixtures.signature("someone-elses-secret", body)), body);

        assertThat(channel.verify(forged, id -> Optional.empty())).isInstanceOf(Verification.Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha1=0123456789abcdef0123456789abcdef01234567", "sha256=", "sha256=xyz", "sha256=abcd",
            "0f3e6bb1c3a9d1b0e8d0c8a1b7b0d8c2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8"})
    void missing_or_malformed_signature_header_is_rejected(String header) {
        byte[] body = resource("text-message.json").getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = header.isEmpty()
                ? WebhookRequest.of(Map.of(), body)
                : WebhookRequest.of(Map.of("X-Hub-Signature-256", header), body);

        assertThat(channel.verify(request, id -> Optional.empty())).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void signature_in_uppercase_hex_is_accepted() {
        WebhookRequest genuine = signedResource("text-message.json");
        String upper = "sha256=" + genuine.header("X-Hub-Signature-256").substring(7).toUpperCase();
        WebhookRequest request = WebhookRequest.of(Map.of("x-hub-signature-256", upper), genuine.body());

        assertThat(channel.verify(request, id -> Optional.empty())).isEqualTo(Verification.accepted());
    }

    @Test
    void without_an_app_secret_every_webhook_is_rejected_naming_WEBHOOK_SECRET() {
        WhatsAppCloudChannel unconfigured = new WhatsAppCloudChannel(WhatsAppCloudConfig.builder().build());

        assertThat(unconfigured.verify(signedResource("text-message.json"), id -> Optional.empty()))
                .isInstanceOfSatisfying(Verification.Rejected.class, r -> assertThat(r.reason()).contains("WEBHOOK_SECRET"));
    }

    // --- parse -------------------------------------------------------------------------------

    @Test
    void text_message_is_read_with_contact_name_account_and_timestamp() {
        List<InboundEvent> events = channel.parse(signedResource("text-message.json"));

        assertThat(events).singleElement().isInstanceOfSatisfying(MessageReceived.class, m -> {
            assertThat(m.accountId()).isEqualTo(PHONE_NUMBER_ID);
            assertThat(m.externalId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
            assertThat(m.channelUserId()).isEqualTo(CUSTOMER);
            assertThat(m.phone()).isEqualTo(CUSTOMER);
            assertThat(m.displayName()).isEqualTo("Sheena Nelson");
            assertThat(m.type()).isEqualTo("text");
            assertThat(m.text()).isEqualTo("Does it come in another color?");
            assertThat(m.media()).isNull();
            assertThat(m.replyToExternalId()).isNull();
            assertThat(m.timestamp()).isEqualTo(Instant.ofEpochSecond(1749416383L));
            assertThat(m.raw()).contains("\"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=\"")
                    .doesNotContain("metadata");
        });
    }

    @Test
    void reply_in_context_carries_the_quoted_message_id() {
        String body = resource("text-message.json").replace("\"type\": \"text\",",
                "\"type\": \"text\", \"context\": { \"from\": \"15550783881\", \"id\": \"wamid.QUOTED\" },");

        assertThat(channel.parse(signed(body))).singleElement()
                .isInstanceOfSatisfying(MessageReceived.class, m -> assertThat(m.replyToExternalId()).isEqualTo("wamid.QUOTED"));
    }

    @Test
    void sent_status_is_read_as_a_status_update() {
        assertThat(channel.parse(signedResource("status-sent.json"))).singleElement()
                .isInstanceOfSatisfying(StatusUpdate.class, s -> {
                    assertThat(s.accountId()).isEqualTo(PHONE_NUMBER_ID);
                    assertThat(s.externalId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=");
                    assertThat(s.status()).isEqualTo(DeliveryStatus.SENT);
                    assertThat(s.timestamp()).isEqualTo(Instant.ofEpochSecond(1750030073L));
                    assertThat(s.errorCode()).isNull();
                    assertThat(s.errorMessage()).isNull();
                });
    }

    @Test
    void missing_or_garbled_timestamp_falls_back_to_the_receive_time() {
        String body = resource("text-message.json").replace("\"timestamp\": \"1749416383\",", "\"timestamp\": \"soon\",");

        assertThat(channel.parse(signed(body))).singleElement()
                .isInstanceOfSatisfying(MessageReceived.class, m -> assertThat(m.timestamp()).isEqualTo(NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "[]", "\"text\"", "{\"object\":\"page\",\"entry\":[]}",
            "{\"entry\":[]}", "{\"object\":\"whatsapp_business_account\"}", "{\"object\":\"whatsapp_business_account\",\"entry\":{}}"})
    void unreadable_or_foreign_body_is_malformed(String body) {
        assertThatThrownBy(() -> channel.parse(signed(body))).isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void skeletal_payloads_never_fail_with_a_null_pointer() {
        String body = """
                {"object":"whatsapp_business_account","entry":[
                  {},
                  {"changes":[{}]},
                  {"changes":[{"field":"messages"}]},
                  {"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},
                    "messages":[{}, {"id":"wamid.X","from":"1555"}, {"id":"wamid.Y","from":"1555","type":"image"},
                                {"id":"wamid.Z","from":"1555","type":"text","text":null}],
                    "statuses":[{}, {"id":"wamid.S","status":"deleted"}, {"id":"wamid.T","status":"failed","errors":[{}]}],
                    "contacts":[{}, {"profile":null}]}}]}
                ]}""";

        List<InboundEvent> events = channel.parse(signed(body));

        assertThat(events).filteredOn(MessageReceived.class::isInstance).hasSize(3);
        assertThat(events).filteredOn(StatusUpdate.class::isInstance).singleElement()
                .isInstanceOfSatisfying(StatusUpdate.class, s -> assertThat(s.status()).isEqualTo(DeliveryStatus.FAILED));
        assertThat(events).filteredOn(InboundEvent.Ignored.class::isInstance).hasSize(5);
    }

    @Test
    void other_webhook_fields_are_ignored_not_rejected() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[
                  {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1}}]}]}""";

        assertThat(channel.parse(signed(body))).singleElement()
                .isInstanceOfSatisfying(InboundEvent.Ignored.class, i -> {
                    assertThat(i.accountId()).isEqualTo("102290129340398");
                    assertThat(i.reason()).contains("message_template_status_update");
                });
    }
}
