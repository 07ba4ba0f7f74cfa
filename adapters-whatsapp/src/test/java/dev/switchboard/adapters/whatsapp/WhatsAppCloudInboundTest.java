package dev.switchboard.adapters.whatsapp;

import static dev.switchboard.adapters.whatsapp.CloudFixtures.APP_SECRET;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.resource;
import static dev.switchboard.adapters.whatsapp.CloudFixtures.signedResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.InboundEvent.MessageReceived;
import dev.switchboard.core.channel.InboundEvent.StatusUpdate;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Meta's payloads as they really arrive: escaped Unicode, batches, statuses out of sequence, failures. */
class WhatsAppCloudInboundTest {
    private final WhatsAppCloudChannel channel = CloudFixtures.channel("http://127.0.0.1:9");

    /** Meta escapes non-ASCII characters in the body it signs; the signature covers those escapes. */
    private static final String ESCAPED_BODY = resource("text-message.json")
            .replace("Does it come in another color?", "Caf\\u00e9 com p\\u00e3o? \\ud83d\\ude00");

    @Test
    void signature_over_escaped_unicode_is_checked_on_the_raw_bytes_and_the_text_is_decoded() {
        assertThat(ESCAPED_BODY).contains("Caf\\u00e9").doesNotContain("é");
        WebhookRequest request = CloudFixtures.signed(ESCAPED_BODY);

        assertThat(channel.verify(request, id -> Optional.empty())).isEqualTo(Verification.accepted());
        assertThat(channel.parse(request)).singleElement().isInstanceOfSatisfying(MessageReceived.class,
                m -> assertThat(m.text()).isEqualTo("Café com pão? \uD83D\uDE00"));
    }

    @Test
    void signature_computed_over_the_decoded_text_does_not_verify_the_escaped_body() {
        String decoded = ESCAPED_BODY.replace("Caf\\u00e9 com p\\u00e3o? \\ud83d\\ude00", "Café com pão? \uD83D\uDE00");
        String signatureOfDecoded = CloudFixtures.signature(APP_SECRET, decoded.getBytes(StandardCharsets.UTF_8));
        WebhookRequest request = WebhookRequest.of(Map.of("X-Hub-Signature-256", signatureOfDecoded),
                ESCAPED_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(channel.verify(request, id -> Optional.empty())).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void batch_of_entries_and_changes_yields_every_message_and_status() {
        List<InboundEvent> events = channel.parse(signedResource("batch.json"));

        assertThat(events).filteredOn(MessageReceived.class::isInstance)
                .extracting(e -> (MessageReceived) e)
                .extracting(MessageReceived::accountId, MessageReceived::externalId, MessageReceived::displayName, MessageReceived::text)
                .containsExactly(
                        tuple("106540352242922", "wamid.BATCH-A1", "Sheena Nelson", "First"),
                        tuple("106540352242922", "wamid.BATCH-A2", "João Silva", "Olá"),
                        tuple("200000000000001", "wamid.BATCH-B1", "Ana", "Hello from the second number"));
        assertThat(events).filteredOn(StatusUpdate.class::isInstance)
                .extracting(e -> (StatusUpdate) e)
                .extracting(StatusUpdate::accountId, StatusUpdate::externalId, StatusUpdate::status)
                .containsExactly(
                        tuple("106540352242922", "wamid.OUT-1", DeliveryStatus.DELIVERED),
                        tuple("106540352242922", "wamid.OUT-2", DeliveryStatus.READ),
                        tuple("200000000000001", "wamid.OUT-3", DeliveryStatus.SENT));
        assertThat(events).hasSize(6);
    }

    @Test
    void read_and_played_arrive_without_delivered_and_are_reported_as_they_come() {
        List<InboundEvent> events = channel.parse(signedResource("read-without-delivered.json"));

        assertThat(events).extracting(e -> ((StatusUpdate) e).status())
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.READ, DeliveryStatus.PLAYED);
        assertThat(events).extracting(e -> ((StatusUpdate) e).externalId()).containsOnly("wamid.OUT-9");
    }

    @Test
    void failed_status_carries_metas_error_code_and_explanation() {
        assertThat(channel.parse(signedResource("status-failed-131047.json"))).singleElement()
                .isInstanceOfSatisfying(StatusUpdate.class, s -> {
                    assertThat(s.status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(s.errorCode()).isEqualTo("131047");
                    assertThat(s.errorMessage()).startsWith("Re-engagement message")
                            .contains("more than 24 hours have passed");
                    assertThat(s.raw()).contains("131047");
                });
    }

    @Test
    void one_batch_with_every_message_type_is_read_into_model_readable_text() {
        List<MessageReceived> messages = channel.parse(signedResource("every-type.json")).stream()
                .map(MessageReceived.class::cast).toList();

        assertThat(messages).extracting(MessageReceived::externalId, MessageReceived::type, MessageReceived::text,
                        MessageReceived::replyToExternalId)
                .containsExactly(
                        tuple("wamid.T-IMAGE", "image", "Taj Mahal", null),
                        tuple("wamid.T-VOICE", "audio", "[voice message]", null),
                        tuple("wamid.T-VIDEO", "video", "[video]", null),
                        tuple("wamid.T-DOC", "document", "Invoice", null),
                        tuple("wamid.T-STICKER", "sticker", "[sticker]", null),
                        tuple("wamid.T-LOCATION", "location", "Loja Centro, Praça da Sé, São Paulo", null),
                        tuple("wamid.T-PIN", "location", "-23.5505,-46.6333", null),
                        tuple("wamid.T-CONTACTS", "contacts", "[shared contact] Maria Souza (+55 11 98765-4321)", null),
                        tuple("wamid.T-BUTTON-REPLY", "interactive", "Yes, book it", "wamid.OUR-BUTTONS"),
                        tuple("wamid.T-LIST-REPLY", "interactive", "Tuesday 10:00", "wamid.OUR-LIST"),
                        tuple("wamid.T-TEMPLATE-BUTTON", "button", "No", "wamid.OUR-TEMPLATE"),
                        tuple("wamid.T-REACTION", "reaction", "\uD83D\uDC4D", "wamid.OUR-REPLY"),
                        tuple("wamid.T-UNREACT", "reaction", "[reaction removed]", "wamid.OUR-REPLY"),
                        tuple("wamid.T-REFERRAL", "text", "Is this still available?\n[came from ad: Summer sale: 30% off]", null),
                        tuple("wamid.T-ORDER", "order", "[order with 2 items] Gift wrap, please", null),
                        tuple("wamid.T-SYSTEM", "system", "Sheena changed their phone number to a new number", null),
                        tuple("wamid.T-WELCOME", "request_welcome", "[the customer opened the chat]", null),
                        tuple("wamid.T-UNSUPPORTED", "unknown", "[unsupported message: Message type is currently not supported.]", null),
                        tuple("wamid.T-UNKNOWN", "unknown", "[unsupported message: Unsupported message type]", null),
                        tuple("wamid.T-FUTURE", "unknown", "[unsupported hologram message]", null));
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.accountId()).isEqualTo("106540352242922");
            assertThat(m.channelUserId()).isEqualTo("16505551234");
            assertThat(m.displayName()).isEqualTo("Sheena Nelson");
            assertThat(m.raw()).contains(m.externalId());
        });
        assertThat(messages).filteredOn(m -> m.media() != null).extracting(MessageReceived::externalId)
                .containsExactly("wamid.T-IMAGE", "wamid.T-VOICE", "wamid.T-VIDEO", "wamid.T-DOC", "wamid.T-STICKER");
    }

    @Test
    void media_reference_keeps_what_the_download_needs() {
        List<MessageReceived> messages = channel.parse(signedResource("every-type.json")).stream()
                .map(MessageReceived.class::cast).toList();

        assertThat(messages.get(0).media()).isEqualTo(new MediaRef("1003383421387256",
                "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256", "image/jpeg", null,
                "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", null));
        assertThat(messages.get(1).media()).isEqualTo(new MediaRef("1908647269898587", null, "audio/ogg; codecs=opus", null,
                "wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=", null));
        assertThat(messages.get(3).media()).extracting(MediaRef::id, MediaRef::filename, MediaRef::mimeType)
                .containsExactly("1234567890123456", "invoice-1042.pdf", "application/pdf");
        assertThat(messages.get(4).media().mimeType()).isEqualTo("image/webp");
    }

    @Test
    void business_app_echoes_become_echoes_of_the_customer_conversation_never_customer_messages() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"smb_message_echoes",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                 "message_echoes":[{"from":"15550783881","to":"+16505551234","id":"wamid.ECHO","timestamp":"1744344600",
                                    "type":"text","text":{"body":"Sent from the phone"}}]}}]}]}""";

        assertThat(channel.parse(CloudFixtures.signed(body))).singleElement()
                .isInstanceOfSatisfying(InboundEvent.EchoSent.class, e -> {
                    assertThat(e.accountId()).isEqualTo("106540352242922");
                    assertThat(e.externalId()).isEqualTo("wamid.ECHO");
                    assertThat(e.channelUserId()).isEqualTo("16505551234");
                    assertThat(e.text()).isEqualTo("Sent from the phone");
                });
    }
}
