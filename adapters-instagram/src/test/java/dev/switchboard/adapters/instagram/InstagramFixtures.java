package dev.switchboard.adapters.instagram;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test data for the Instagram channel: one app, one professional account, payloads shaped as Meta's. */
final class InstagramFixtures {
    static final String APP_SECRET = "9c4e1b7a2f6d3e8c5b0a4f1e";
    static final String VERIFY_TOKEN = "meatyhamhock";
    static final String APP_ID = "1234567890123456";
    static final String IG_ID = "17841400000000000";
    static final String CUSTOMER = "17841400000000001";
    static final String ACCESS_TOKEN = "IGAAJtestInstagramUserToken";
    static final String VERSION = "/v23.0";
    static final String MESSAGES = VERSION + "/" + IG_ID + "/messages";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private InstagramFixtures() {}

    static InstagramConfig.Builder config(String apiBaseUrl) {
        return InstagramConfig.builder()
                .apiBaseUrl(apiBaseUrl)
                .appSecret(APP_SECRET)
                .verifyToken(VERIFY_TOKEN)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static InstagramChannel channel(String apiBaseUrl) {
        return new InstagramChannel(config(apiBaseUrl).build());
    }

    /** A channel for parsing and verification only: nothing is sent. */
    static InstagramChannel channel() {
        return channel("http://localhost:1" + VERSION);
    }

    static ChannelAccount account() {
        return new ChannelAccount(IG_ID, "tenant-1", "instagram", "graph", null,
                Secret.of(ACCESS_TOKEN), "Demo store", Map.of(), NOW);
    }

    /** The request Meta would send: the body's exact bytes, signed with the app secret. */
    static WebhookRequest signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return WebhookRequest.of(Map.of("X-Hub-Signature-256", signature(APP_SECRET, bytes),
                "Content-Type", "application/json"), bytes);
    }

    static WebhookRequest signedResource(String name) {
        return signed(resource(name));
    }

    /** One entry for the account with the given {@code messaging[]} items. */
    static WebhookRequest messaging(String... items) {
        return signed("""
                {"object":"instagram","entry":[{"id":"%s","time":1733000009000,"messaging":[%s]}]}"""
                .formatted(IG_ID, String.join(",", items)));
    }

    /** A {@code messaging[]} item from the customer to the account carrying {@code message}. */
    static String fromCustomer(String message) {
        return """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000123,"message":%s}"""
                .formatted(CUSTOMER, IG_ID, message);
    }

    static WebhookRequest handshake(String mode, String token, String challenge) {
        return new WebhookRequest(Map.of(), Map.of(
                "hub.mode", List.of(mode), "hub.verify_token", List.of(token), "hub.challenge", List.of(challenge)), null);
    }

    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = InstagramFixtures.class.getResourceAsStream("/instagram/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test resource /instagram/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Graph API error body as the Instagram API returns it. */
    static String graphError(int code, Integer subcode, String message) {
        return """
                {"error":{"message":"%s","type":"IGApiException","code":%d,%s"fbtrace_id":"A9C5BFZGYCvRghcFEHTjgpC"}}"""
                .formatted(message, code, subcode == null ? "" : "\"error_subcode\":" + subcode + ",");
    }

    static String sendAccepted(String mid) {
        return """
                {"recipient_id":"%s","message_id":"%s"}""".formatted(CUSTOMER, mid);
    }
}
