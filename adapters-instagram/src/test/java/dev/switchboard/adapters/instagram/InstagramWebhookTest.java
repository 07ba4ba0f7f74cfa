package dev.switchboard.adapters.instagram;

import static dev.switchboard.adapters.instagram.InstagramFixtures.APP_SECRET;
import static dev.switchboard.adapters.instagram.InstagramFixtures.VERIFY_TOKEN;
import static dev.switchboard.adapters.instagram.InstagramFixtures.handshake;
import static dev.switchboard.adapters.instagram.InstagramFixtures.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks that run before anything is parsed: Meta's signature and the subscription handshake. */
class InstagramWebhookTest {
    private static final AccountDirectory NO_ACCOUNTS = id -> Optional.empty();

    /** As Meta sends it: non-ASCII characters escaped, the signature computed over these exact bytes. */
    private static final String ESCAPED_BODY = """
            {"object":"instagram","entry":[{"id":"17841400000000000","time":1733000001000,"messaging":[{"sender":{"id":"17841400000000001"},\
            "recipient":{"id":"17841400000000000"},"timestamp":1733000000000,"message":{"mid":"m.esc",\
            "text":"Ol\\u00e1, a promo\\u00e7\\u00e3o ainda vale? \\ud83d\\ude4f"}}]}]}""";

    private final InstagramChannel channel = InstagramFixtures.channel();

    private static WebhookRequest withSignature(String header, byte[] body) {
        return WebhookRequest.of(Map.of("X-Hub-Signature-256", header), body);
    }

    @Test
    void signature_over_the_escaped_bytes_is_accepted_and_the_text_unescaped() {
        byte[] body = ESCAPED_BODY.getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = withSignature(signature(APP_SECRET, body), body);

        assertThat(channel.verify(request, NO_ACCOUNTS)).isInstanceOf(Verification.Accepted.class);
        assertThat(channel.parse(request)).singleElement().isInstanceOfSatisfying(InboundEvent.MessageReceived.class,
                m -> assertThat(m.text()).isEqualTo("Olá, a promoção ainda vale? 🙏"));
    }

    @Test
    void signature_computed_over_the_unescaped_text_does_not_match_the_bytes_meta_sent() {
        byte[] sent = ESCAPED_BODY.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = ESCAPED_BODY.replace("\\u00e1", "á").replace("\\u00e7\\u00e3", "çã")
                .replace("\\ud83d\\ude4f", "🙏").getBytes(StandardCharsets.UTF_8);

        Verification result = channel.verify(withSignature(signature(APP_SECRET, decoded), sent), NO_ACCOUNTS);

        assertThat(result).isInstanceOfSatisfying(Verification.Rejected.class,
                r -> assertThat(r.reason()).contains("does not match"));
    }

    @Test
    void without_a_configured_secret_every_webhook_is_rejected_naming_the_variable() {
        InstagramChannel unconfigured = new InstagramChannel(InstagramConfig.builder().appSecret("  ").build());
        byte[] body = ESCAPED_BODY.getBytes(StandardCharsets.UTF_8);

        Verification result = unconfigured.verify(withSignature(signature(APP_SECRET, body), body), NO_ACCOUNTS);

        assertThat(result).isInstanceOfSatisfying(Verification.Rejected.class, r -> assertThat(r.reason())
                .contains("INSTAGRAM_APP_SECRET").contains("WEBHOOK_SECRET").doesNotContain(APP_SECRET));
    }

    @Test
    void malformed_signature_headers_are_rejected_with_what_is_wrong() {
        byte[] body = ESCAPED_BODY.getBytes(StandardCharsets.UTF_8);
        String hex = signature(APP_SECRET, body).substring("sha256=".length());

        assertThat(reason(channel.verify(withSignature("sha1=" + hex.substring(0, 40), body), NO_ACCOUNTS))).contains("sha256=");
        assertThat(reason(channel.verify(withSignature("sha256=not-hex", body), NO_ACCOUNTS))).contains("hexadecimal");
        assertThat(reason(channel.verify(withSignature("sha256=" + hex.substring(0, 40), body), NO_ACCOUNTS))).contains("SHA-256");
        assertThat(channel.verify(withSignature("SHA256=" + hex.toUpperCase(), body), NO_ACCOUNTS)).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void legacy_sha1_header_alone_is_not_enough() {
        byte[] body = ESCAPED_BODY.getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = WebhookRequest.of(Map.of("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"), body);

        assertThat(reason(channel.verify(request, NO_ACCOUNTS))).contains("X-Hub-Signature-256").contains("missing");
    }

    @Test
    void handshake_needs_mode_subscribe_and_a_challenge() {
        assertThat(channel.handshake(handshake("unsubscribe", VERIFY_TOKEN, "42"))).isEmpty();
        assertThat(channel.handshake(new WebhookRequest(Map.of(),
                Map.of("hub.mode", List.of("subscribe"), "hub.verify_token", List.of(VERIFY_TOKEN)), null))).isEmpty();
        assertThat(channel.handshake(handshake("subscribe", VERIFY_TOKEN, "42"))).contains("42");
    }

    @Test
    void handshake_is_refused_when_no_verify_token_is_configured() {
        InstagramChannel unconfigured = new InstagramChannel(InstagramConfig.builder().appSecret(APP_SECRET).build());

        assertThat(unconfigured.handshake(handshake("subscribe", "", "42"))).isEmpty();
        assertThat(unconfigured.handshake(handshake("subscribe", "anything", "42"))).isEmpty();
    }

    @Test
    void channel_names_itself_and_declares_the_24_hour_window() {
        assertThat(channel.channel()).isEqualTo("instagram");
        assertThat(channel.provider()).isEqualTo("graph");
        assertThat(channel.serviceWindow()).contains(Duration.ofHours(24));
    }

    private static String reason(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) verification).reason();
    }
}
