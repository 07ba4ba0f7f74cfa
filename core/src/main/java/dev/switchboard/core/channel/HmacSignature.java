package dev.switchboard.core.channel;

import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a {@code <prefix><hex HMAC-SHA256>} signature header over the exact request bytes, in
 * constant time (Meta's {@code X-Hub-Signature-256: sha256=…}, and providers that copy it). The
 * bytes must be used as received: providers sign the body as sent (Meta escapes non-ASCII), so a
 * parsed and re-serialised body would not match.
 */
public final class HmacSignature {
    private static final int DIGEST_BYTES = 32;

    private HmacSignature() {}

    /**
     * @param missingSecretReason the rejection reason when no secret is configured (name the variable to set)
     */
    public static Verification verify(String headerName, String prefix, Secret secret, String header, byte[] body,
                                      String missingSecretReason) {
        if (secret == null) return Verification.rejected(missingSecretReason);
        if (header == null || header.isBlank()) return Verification.rejected(headerName + " header is missing");
        String value = header.strip();
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Verification.rejected(headerName + " does not start with " + prefix);
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(value.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return Verification.rejected(headerName + " is not hexadecimal");
        }
        if (claimed.length != DIGEST_BYTES) return Verification.rejected(headerName + " is not a SHA-256 digest");
        return MessageDigest.isEqual(claimed, hmacSha256(secret, body))
                ? Verification.accepted()
                : Verification.rejected(headerName + " does not match the body");
    }

    public static byte[] hmacSha256(Secret key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
