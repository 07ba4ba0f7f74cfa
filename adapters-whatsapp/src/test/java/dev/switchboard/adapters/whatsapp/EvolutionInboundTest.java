package dev.switchboard.adapters.whatsapp;

import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.NOW;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Evolution's webhook payloads (api-contracts.md 3.5) read into events. */
class EvolutionInboundTest {
    private final EvolutionChannel channel = EvolutionFixtures.channel(null);

    private List<InboundEvent> parse(String body) {
        return channel.parse(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    private InboundEvent single(String resourceName) {
        List<InboundEvent> events = parse(resource(resourceName));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private InboundEvent.MessageReceived received(String resourceName) {
        return (InboundEvent.MessageReceived) single(resourceName);
    }

    @Test
    void text_upsert_is_a_received_message_from_the_customers_number() {
        InboundEvent.MessageReceived m = received("text-upsert.json");

        assertThat(m.accountId()).isEqualTo(INSTANCE);
        assertThat(m.externalId()).isEqualTo("3EB0A1B2C3D4E5F60718");
        assertThat(m.channelUserId()).isEqualTo("5511988887777");
        assertThat(m.phone()).isEqualTo("+5511988887777");
        assertThat(m.displayName()).isEqualTo("Maria Silva");
        assertThat(m.type()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("Olá, quero um orçamento");
        assertThat(m.media()).isNull();
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochSecond(1761041730));
    }

    @Test
    void extended_text_from_older_servers_is_read_with_the_message_it_replies_to() {
        InboundEvent.MessageReceived m = received("extended-text-upsert.json");

        assertThat(m.type()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("Vocês entregam em Campinas? https://exemplo.com.br/produto");
        assertThat(m.replyToExternalId()).isEqualTo("3EB0A1B2C3D4E5F60718");
    }

    @Test
    void image_with_caption_keeps_the_caption_and_a_media_reference_by_message_id() {
        InboundEvent.MessageReceived m = received("image-upsert.json");

        assertThat(m.type()).isEqualTo("image");
        assertThat(m.text()).isEqualTo("essa peça aqui");
        assertThat(m.media()).isEqualTo(new MediaRef("3EB0C0FFEE000001", null, "image/jpeg", null, null, null));
    }

    @Test
    void voice_note_is_stored_as_audio_with_a_readable_description() {
        InboundEvent.MessageReceived m = received("audio-upsert.json");

        assertThat(m.type()).isEqualTo("audio");
        assertThat(m.text()).isEqualTo("[voice message]");
        assertThat(m.media().mimeType()).isEqualTo("audio/ogg; codecs=opus");
        assertThat(m.media().id()).isEqualTo("3EB0A0D10000000002");
    }

    @Test
    void transcribed_audio_carries_the_transcription() {
        String body = resource("audio-upsert.json")
                .replace("\"messageContextInfo\"", "\"speechToText\": \"[audio] Quero saber o preço\", \"messageContextInfo\"");

        InboundEvent.MessageReceived m = (InboundEvent.MessageReceived) parse(body).get(0);

        assertThat(m.text()).isEqualTo("[audio] Quero saber o preço");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "videoMessage    | {\"videoMessage\":{\"mimetype\":\"video/mp4\",\"caption\":\"olha o vídeo\",\"seconds\":12}} | video    | olha o vídeo",
            "videoMessage    | {\"videoMessage\":{\"mimetype\":\"video/mp4\",\"seconds\":12}}                               | video    | [video]",
            "documentMessage | {\"documentMessage\":{\"mimetype\":\"application/pdf\",\"fileName\":\"pedido.pdf\",\"caption\":\"segue o pedido\"}} | document | segue o pedido",
            "documentMessage | {\"documentMessage\":{\"mimetype\":\"application/pdf\",\"fileName\":\"pedido.pdf\"}}     | document | [document pedido.pdf]",
            "stickerMessage  | {\"stickerMessage\":{\"mimetype\":\"image/webp\"}}                                          | sticker  | [sticker]",
            "locationMessage | {\"locationMessage\":{\"degreesLatitude\":-23.5505,\"degreesLongitude\":-46.6333,\"name\":\"Loja Centro\",\"address\":\"Rua Direita, 10\"}} | location | 'Loja Centro, Rua Direita, 10'",
            "locationMessage | {\"locationMessage\":{\"degreesLatitude\":-23.5505,\"degreesLongitude\":-46.6333}}          | location | '-23.5505,-46.6333'",
            "contactMessage  | {\"contactMessage\":{\"displayName\":\"João Souza\",\"vcard\":\"BEGIN:VCARD\"}}           | contacts | [shared contact] João Souza",
            "reactionMessage | {\"reactionMessage\":{\"key\":{\"id\":\"3EB0A1B2C3D4E5F60718\"},\"text\":\"👍\"}}          | reaction | 👍",
            "listResponseMessage | {\"listResponseMessage\":{\"title\":\"Entrega expressa\",\"singleSelectReply\":{\"selectedRowId\":\"exp\"}}} | interactive | Entrega expressa",
            "viewOnceMessageV2 | {\"viewOnceMessageV2\":{\"message\":{}}}                                                   | unknown  | [unsupported viewOnceMessageV2]",
    })
    void every_message_type_is_stored_with_text_the_model_can_read(String baileysType, String message, String type, String text) {
        String body = resource("text-upsert.json")
                .replace("{ \"conversation\": \"Olá, quero um orçamento\" }", message)
                .replace("\"messageType\": \"conversation\"", "\"messageType\": \"" + baileysType + "\"");

        InboundEvent.MessageReceived m = (InboundEvent.MessageReceived) parse(body).get(0);

        assertThat(m.type()).isEqualTo(type);
        assertThat(m.text()).isEqualTo(text);
    }

    @Test
    void reaction_points_at_the_message_it_reacts_to() {
        String body = resource("text-upsert.json")
                .replace("{ \"conversation\": \"Olá, quero um orçamento\" }",
                        "{\"reactionMessage\":{\"key\":{\"id\":\"3EB0FEEDFACE0001\"},\"text\":\"❤️\"}}")
                .replace("\"messageType\": \"conversation\"", "\"messageType\": \"reactionMessage\"");

        InboundEvent.MessageReceived m = (InboundEvent.MessageReceived) parse(body).get(0);

        assertThat(m.replyToExternalId()).isEqualTo("3EB0FEEDFACE0001");
    }

    @Test
    void from_me_upsert_is_an_echo_not_a_customer_message() {
        InboundEvent event = single("echo-upsert.json");

        assertThat(event).isInstanceOfSatisfying(InboundEvent.EchoSent.class, e -> {
            assertThat(e.accountId()).isEqualTo(INSTANCE);
            assertThat(e.externalId()).isEqualTo("3EB0B0B0B0B0B0B00003");
            assertThat(e.channelUserId()).isEqualTo("5511988887777");
            assertThat(e.type()).isEqualTo("text");
            assertThat(e.text()).isEqualTo("Oi Maria, aqui é o João da loja. Já te mando o orçamento.");
            assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(1761041900));
        });
    }

    @Test
    void group_message_is_ignored() {
        assertThat(single("group-upsert.json")).isInstanceOfSatisfying(InboundEvent.Ignored.class,
                i -> assertThat(i.reason()).contains("group"));
    }

    @Test
    void status_broadcast_is_ignored() {
        String body = resource("text-upsert.json").replace("5511988887777@s.whatsapp.net", "status@broadcast");

        assertThat(parse(body)).singleElement().isInstanceOf(InboundEvent.Ignored.class);
    }

    @Test
    void lid_sender_is_resolved_through_remote_jid_alt_to_the_phone_number() {
        InboundEvent.MessageReceived m = received("lid-upsert.json");

        assertThat(m.channelUserId()).isEqualTo("5521987654321");
        assertThat(m.phone()).isEqualTo("+5521987654321");
        assertThat(m.text()).isEqualTo("Vocês abrem sábado?");
    }

    @Test
    void lid_sender_without_a_number_keeps_the_lid_as_its_address_and_no_phone() {
        String body = resource("lid-upsert.json").replace("\"remoteJidAlt\": \"5521987654321@s.whatsapp.net\",", "");

        InboundEvent.MessageReceived m = (InboundEvent.MessageReceived) parse(body).get(0);

        assertThat(m.channelUserId()).isEqualTo("129645382840123@lid");
        assertThat(m.phone()).isNull();
    }

    @Test
    void a_customer_has_the_same_id_whether_addressed_by_lid_or_by_number() {
        String byNumber = resource("lid-upsert.json")
                .replace("\"remoteJid\": \"129645382840123@lid\", \"remoteJidAlt\": \"5521987654321@s.whatsapp.net\",",
                        "\"remoteJid\": \"5521987654321@s.whatsapp.net\",");

        InboundEvent.MessageReceived viaNumber = (InboundEvent.MessageReceived) parse(byNumber).get(0);

        assertThat(viaNumber.channelUserId()).isEqualTo(received("lid-upsert.json").channelUserId());
    }

    @Test
    void old_brazilian_mobile_jid_gets_its_ninth_digit_in_the_phone_but_keeps_its_id() {
        String body = resource("text-upsert.json").replace("5511988887777@s.whatsapp.net", "553188887777@s.whatsapp.net");

        InboundEvent.MessageReceived m = (InboundEvent.MessageReceived) parse(body).get(0);

        assertThat(m.channelUserId()).isEqualTo("553188887777");
        assertThat(m.phone()).isEqualTo("+5531988887777");
    }

    @Test
    void device_suffix_in_a_jid_is_not_part_of_the_number() {
        String body = resource("text-upsert.json").replace("5511988887777@s.whatsapp.net", "5511988887777:23@s.whatsapp.net");

        assertThat(((InboundEvent.MessageReceived) parse(body).get(0)).channelUserId()).isEqualTo("5511988887777");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SERVER_ACK, SENT",
            "DELIVERY_ACK, DELIVERED",
            "READ, READ",
            "PLAYED, PLAYED",
            "ERROR, FAILED",
    })
    void message_update_is_a_delivery_status_for_our_message(String evolutionStatus, DeliveryStatus expected) {
        String body = resource("status-read.json").replace("\"status\": \"READ\"", "\"status\": \"" + evolutionStatus + "\"");

        assertThat(parse(body)).singleElement().isInstanceOfSatisfying(InboundEvent.StatusUpdate.class, s -> {
            assertThat(s.accountId()).isEqualTo(INSTANCE);
            assertThat(s.externalId()).isEqualTo("3EB0A1B2C3D4E5F60718");
            assertThat(s.status()).isEqualTo(expected);
            assertThat(s.timestamp()).isEqualTo(NOW);
        });
    }

    @Test
    void failed_status_carries_an_error() {
        String body = resource("status-read.json").replace("\"status\": \"READ\"", "\"status\": \"ERROR\"");

        InboundEvent.StatusUpdate s = (InboundEvent.StatusUpdate) parse(body).get(0);

        assertThat(s.errorCode()).isEqualTo("ERROR");
        assertThat(s.errorMessage()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PENDING", "DELETED"})
    void pending_and_unknown_statuses_are_ignored(String evolutionStatus) {
        String body = resource("status-read.json").replace("\"status\": \"READ\"", "\"status\": \"" + evolutionStatus + "\"");

        assertThat(parse(body)).singleElement().isInstanceOf(InboundEvent.Ignored.class);
    }

    @Test
    void status_of_a_message_the_customer_sent_is_ignored() {
        String body = resource("status-read.json").replace("\"fromMe\": true", "\"fromMe\": false");

        assertThat(parse(body)).singleElement().isInstanceOf(InboundEvent.Ignored.class);
    }

    @Test
    void connection_update_is_an_account_update_with_the_state() {
        assertThat(single("connection-open.json")).isInstanceOfSatisfying(InboundEvent.AccountUpdate.class, a -> {
            assertThat(a.accountId()).isEqualTo(INSTANCE);
            assertThat(a.kind()).isEqualTo("connection");
            assertThat(a.data()).containsEntry("connection_state", "open")
                    .containsEntry("status_reason", "200")
                    .containsEntry("profile_name", "Loja Centro");
        });
    }

    @Test
    void qrcode_update_is_an_account_update_with_the_qr() {
        assertThat(single("qrcode-updated.json")).isInstanceOfSatisfying(InboundEvent.AccountUpdate.class, a -> {
            assertThat(a.kind()).isEqualTo("qrcode");
            assertThat(a.data().get("qr_base64")).startsWith("data:image/png;base64,iVBOR");
            assertThat(a.data()).containsEntry("qr_code", "2@y8eK+bjtEjUWy9/FOMkGzA==,Xq1,Yw2,Zr3");
        });
    }

    @Test
    void qr_limit_clears_the_stale_qr_and_says_why() {
        assertThat(single("qrcode-limit.json")).isInstanceOfSatisfying(InboundEvent.AccountUpdate.class, a -> {
            assertThat(a.kind()).isEqualTo("qrcode");
            assertThat(a.data()).containsEntry("qr_base64", "").containsEntry("qr_code", "")
                    .containsEntry("qr_error", "QR code limit reached, please login again");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MESSAGES_UPSERT", "messages-upsert", "Messages.Upsert"})
    void event_names_in_configuration_style_read_the_same(String eventName) {
        String body = resource("text-upsert.json").replace("\"event\": \"messages.upsert\"", "\"event\": \"" + eventName + "\"");

        assertThat(parse(body)).singleElement().isInstanceOf(InboundEvent.MessageReceived.class);
    }

    @Test
    void other_events_are_ignored() {
        String body = resource("text-upsert.json").replace("\"event\": \"messages.upsert\"", "\"event\": \"presence.update\"");

        assertThat(parse(body)).singleElement().isInstanceOfSatisfying(InboundEvent.Ignored.class,
                i -> assertThat(i.reason()).contains("presence.update"));
    }

    @Test
    void deletion_notices_are_ignored() {
        String body = resource("text-upsert.json")
                .replace("{ \"conversation\": \"Olá, quero um orçamento\" }",
                        "{\"protocolMessage\":{\"key\":{\"id\":\"3EB0A1B2C3D4E5F60718\"},\"type\":\"REVOKE\"}}")
                .replace("\"messageType\": \"conversation\"", "\"messageType\": \"protocolMessage\"");

        assertThat(parse(body)).singleElement().isInstanceOf(InboundEvent.Ignored.class);
    }

    @Test
    void audit_copy_drops_the_apikey_and_inline_media() {
        String body = EvolutionFixtures.withBodyApikey("image-upsert.json", EvolutionFixtures.INSTANCE_TOKEN);

        InboundEvent.MessageReceived m = (InboundEvent.MessageReceived) parse(body).get(0);

        assertThat(m.raw()).doesNotContain(EvolutionFixtures.INSTANCE_TOKEN).doesNotContain("/9j/4AAQSkZJRg")
                .contains("3EB0C0FFEE000001").contains("[omitted: ");
    }

    @Test
    void webhook_with_inline_media_beyond_jacksons_default_string_cap_is_verified_and_read() {
        String video = "A".repeat(21_000_000);
        String body = resource("image-upsert.json").replaceFirst("\"base64\": \"[^\"]*\"", "\"base64\": \"" + video + "\"");
        WebhookRequest request = EvolutionFixtures.request(body.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + EvolutionFixtures.WEBHOOK_TOKEN));

        assertThat(channel.verify(request, EvolutionFixtures.directory(EvolutionFixtures.account())))
                .isInstanceOf(Verification.Accepted.class);
        assertThat(channel.parse(request)).singleElement().isInstanceOfSatisfying(InboundEvent.MessageReceived.class,
                m -> assertThat(m.raw()).contains("[omitted: 21000000 characters]").hasSizeLessThan(10_000));
    }

    @Test
    void body_without_instance_is_malformed() {
        String body = resource("text-upsert.json").replace("\"instance\": \"loja-centro\",", "");

        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedWebhookException.class).hasMessageContaining("instance");
    }

    @Test
    void body_that_is_not_an_object_is_malformed() {
        assertThatThrownBy(() -> parse("[1,2,3]")).isInstanceOf(MalformedWebhookException.class);
    }
}
