package dev.switchboard.adapters.meta;

import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256>} over the exact
 * request bytes, keyed with the app secret, compared in constant time. The bytes must be used as
 * received: Meta signs the body as sent (it escapes non-ASCII), so a parsed and re-serialised body
 * would not match.
 */
public final class HubSignature {
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_BYTES = 32;

    private HubSignature() {}

    /**
     * @param appSecret           the secret that signs webhooks; null rejects every request
     * @param header              the {@value #HEADER} value as received, possibly null
     * @param missingSecretReason the rejection reason when no secret is configured (name the variable to set)
     */
    public static Verification verify(Secret appSecret, String header, byte[] body, String missingSecretReason) {
        if (appSecret == null) return Verification.rejected(missingSecretReason);
        if (header == null || header.isBlank()) return Verification.rejected(HEADER + " header is missing");
        String value = header.strip();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Verification.rejected(HEADER + " does not start with " + PREFIX);
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Verification.rejected(HEADER + " is not hexadecimal");
        }
        if (claimed.length != DIGEST_BYTES) return Verification.rejected(HEADER + " is not a SHA-256 digest");
        return MessageDigest.isEqual(claimed, hmacSha256(appSecret, body))
                ? Verification.accepted()
                : Verification.rejected(HEADER + " does not match the body");
    }

    /** The header value Meta would send for {@code body}: {@code sha256=} and the lowercase hex digest. */
    public static String sign(Secret appSecret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmacSha256(appSecret, body));
    }

    private static byte[] hmacSha256(Secret key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
