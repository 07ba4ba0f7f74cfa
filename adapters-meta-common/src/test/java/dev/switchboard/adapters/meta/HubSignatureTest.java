package dev.switchboard.adapters.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HubSignatureTest {
    private static final Secret SECRET = Secret.of("app-secret");
    // Meta signs the body as sent, with non-ASCII escaped: these exact bytes are what is signed.
    private static final byte[] BODY = "{\"object\":\"instagram\",\"text\":\"caf\\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    // HMAC-SHA256("app-secret", BODY), computed independently with `openssl dgst -sha256 -hmac app-secret`
    private static final String EXPECTED = "sha256=06eef2fe32733bdf604720befb075617198ccc8600262a85a8102fc763d69fb3";

    @Test
    void accepts_the_signature_meta_computes_over_the_raw_bytes() {
        assertThat(HubSignature.verify(SECRET, EXPECTED, BODY, "unset")).isEqualTo(Verification.accepted());
        assertThat(HubSignature.sign(SECRET, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void accepts_an_uppercase_prefix_and_surrounding_whitespace() {
        assertThat(HubSignature.verify(SECRET, "  SHA256=" + EXPECTED.substring(7) + " ", BODY, "unset"))
                .isEqualTo(Verification.accepted());
    }

    @Test
    void rejects_a_signature_over_other_bytes() {
        byte[] reserialised = "{\"object\":\"instagram\",\"text\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(HubSignature.verify(SECRET, EXPECTED, reserialised, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 does not match the body"));
    }

    @Test
    void rejects_a_signature_made_with_another_secret() {
        String other = HubSignature.sign(Secret.of("another-secret"), BODY);
        assertThat(HubSignature.verify(SECRET, other, BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 does not match the body"));
    }

    @Test
    void rejects_a_missing_or_blank_header() {
        assertThat(HubSignature.verify(SECRET, null, BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 header is missing"));
        assertThat(HubSignature.verify(SECRET, "  ", BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 header is missing"));
    }

    @Test
    void rejects_the_legacy_sha1_prefix_and_a_bare_digest() {
        assertThat(HubSignature.verify(SECRET, "sha1=" + EXPECTED.substring(7), BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 does not start with sha256="));
        assertThat(HubSignature.verify(SECRET, EXPECTED.substring(7), BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 does not start with sha256="));
    }

    @Test
    void rejects_a_value_that_is_not_a_sha256_hex_digest() {
        assertThat(HubSignature.verify(SECRET, "sha256=zz", BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 is not hexadecimal"));
        assertThat(HubSignature.verify(SECRET, "sha256=abcd", BODY, "unset"))
                .isEqualTo(Verification.rejected("X-Hub-Signature-256 is not a SHA-256 digest"));
    }

    @Test
    void without_a_secret_every_request_is_rejected_with_the_reason_given() {
        assertThat(HubSignature.verify(null, EXPECTED, BODY, "WEBHOOK_SECRET is not set"))
                .isEqualTo(Verification.rejected("WEBHOOK_SECRET is not set"));
    }
}
