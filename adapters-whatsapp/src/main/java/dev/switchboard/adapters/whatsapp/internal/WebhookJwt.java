package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JWT Evolution sends as {@code Authorization: Bearer <jwt>} when an instance webhook's headers
 * hold {@code jwt_key}: HS256 over {@code {iat, exp: iat + 600, app: "evolution", action: "webhook"}},
 * signed with that key ({@code webhook.controller.ts}, {@code generateJwtToken}). The token does not
 * cover the body, so only its signature and lifetime can be checked.
 */
final class WebhookJwt {
    /**
     * How every reason starts when the token was refused before its signature was found to hold:
     * such a reason says nothing the sender may learn (they have not shown they hold the key).
     */
    static final String UNSIGNED = "bearer JWT not signed with the webhook_token: ";
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private WebhookJwt() {}

    /** Three dot-separated base64url parts: the shape of a JWS compact serialisation. */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("eyJ");
    }

    static Verification verify(String token, Secret key, Instant now, Duration clockSkew) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Verification.rejected(UNSIGNED + "not three base64url parts");
        }
        JsonNode header = decodeJson(parts[0]);
        // Only HS256: accepting the header's choice would let "none" or an asymmetric algorithm in.
        if (header == null || !"HS256".equals(Json.text(header, "alg"))) {
            return Verification.rejected(UNSIGNED + "not HS256");
        }
        byte[] signature;
        try {
            signature = BASE64URL.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Verification.rejected(UNSIGNED + "signature is not base64url");
        }
        byte[] expected = hmac(key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(signature, expected)) {
            return Verification.rejected(UNSIGNED + "signature does not match");
        }
        JsonNode claims = decodeJson(parts[1]);
        if (claims == null || !claims.isObject()) return Verification.rejected("bearer JWT claims are not a JSON object");
        // Evolution always sets exp; a token without one would be valid forever once leaked.
        JsonNode exp = claims.get("exp");
        if (exp == null) return Verification.rejected("bearer JWT has no exp");
        if (!exp.isIntegralNumber() || !exp.canConvertToLong()) return Verification.rejected("bearer JWT exp is not a number of seconds");
        if (now.isAfter(Instant.ofEpochSecond(exp.asLong()).plus(clockSkew))) {
            return Verification.rejected("bearer JWT expired at " + Instant.ofEpochSecond(exp.asLong()));
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null) {
            if (!nbf.isIntegralNumber() || !nbf.canConvertToLong()) return Verification.rejected("bearer JWT nbf is not a number of seconds");
            if (now.plus(clockSkew).isBefore(Instant.ofEpochSecond(nbf.asLong()))) return Verification.rejected("bearer JWT is not valid yet");
        }
        JsonNode iat = claims.get("iat");
        if (iat != null) {
            if (!iat.isIntegralNumber() || !iat.canConvertToLong()) return Verification.rejected("bearer JWT iat is not a number of seconds");
            if (now.plus(clockSkew).isBefore(Instant.ofEpochSecond(iat.asLong()))) return Verification.rejected("bearer JWT is issued in the future");
            if (exp.asLong() < iat.asLong()) return Verification.rejected("bearer JWT expires before it was issued");
        }
        return Verification.accepted();
    }

    private static JsonNode decodeJson(String part) {
        try {
            return Json.MAPPER.readTree(BASE64URL.decode(part));
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static byte[] hmac(Secret key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
