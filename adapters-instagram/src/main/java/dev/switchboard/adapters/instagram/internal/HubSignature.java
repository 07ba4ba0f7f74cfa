package dev.switchboard.adapters.instagram.internal;

import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256: sha256=<hex>} check: HMAC-SHA256 of the exact request bytes,
 * keyed with the app secret. Meta escapes non-ASCII characters in the body it signs, so the bytes
 * must be used as received, never parsed and re-serialised.
 */
public final class HubSignature {
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_BYTES = 32;

    private HubSignature() {}

    public static Verification verify(Secret appSecret, String header, byte[] body) {
        if (appSecret == null) {
            return Verification.rejected("INSTAGRAM_APP_SECRET (or WEBHOOK_SECRET) is not set: "
                    + "signed Instagram webhooks cannot be checked, so none is accepted");
        }
        if (header == null || header.isBlank()) {
            return Verification.rejected(HEADER + " header is missing");
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Verification.rejected(HEADER + " does not start with sha256=");
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Verification.rejected(HEADER + " is not hexadecimal");
        }
        if (claimed.length != DIGEST_BYTES) {
            return Verification.rejected(HEADER + " is not a SHA-256 digest");
        }
        return MessageDigest.isEqual(claimed, hmac(appSecret, body))
                ? Verification.accepted()
                : Verification.rejected(HEADER + " does not match the body");
    }

    private static byte[] hmac(Secret key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
