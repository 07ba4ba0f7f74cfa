package dev.switchboard.adapters.webchat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Visitor tokens: {@code base64url(v1|widget|visitor|issued)} + "." + its HMAC-SHA256 under
 * WEBCHAT_SECRET. Stateless, so any server node reads a token another node issued; a token names
 * its widget, so it is worthless on any other widget. Thread-safe.
 */
public final class VisitorTokens {
    private static final String VERSION = "v1";
    private final byte[] secret;
    private final Clock clock;

    public VisitorTokens(byte[] secret, Clock clock) {
        if (secret == null || secret.length < 16) throw new IllegalArgumentException("WEBCHAT_SECRET must be at least 16 bytes");
        this.secret = secret.clone();
        this.clock = clock;
    }

    public String issue(Visitor visitor) {
        String payload = String.join("|", VERSION, visitor.widgetId(), visitor.visitorId(),
                Long.toString(clock.instant().getEpochSecond()));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(mac(bytes));
    }

    /** The visitor a token was issued to, when its signature holds; empty for anything else. */
    public Optional<Visitor> read(String token) {
        if (token == null) return Optional.empty();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) return Optional.empty();
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(token.substring(0, dot));
            byte[] signature = b64.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(payload), signature)) return Optional.empty();
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 4 || !VERSION.equals(parts[0]) || !Visitor.isVisitorId(parts[2])) return Optional.empty();
            return Optional.of(new Visitor(parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token of an {@code Authorization: Bearer …} header value; null when absent or another scheme. */
    public static String bearer(String authorization) {
        if (authorization == null) return null;
        String a = authorization.trim();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : null;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
