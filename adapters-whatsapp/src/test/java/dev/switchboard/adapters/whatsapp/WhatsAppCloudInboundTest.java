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
}
