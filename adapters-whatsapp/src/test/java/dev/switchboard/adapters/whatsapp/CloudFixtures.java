package dev.switchboard.adapters.whatsapp;

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

/** Test data for the Cloud channel: one app, one business number, Meta's own sample payloads. */
final class CloudFixtures {
    static final String APP_SECRET = "6f1c0e3b9a7d4c2e8f5a1b3c";
    static final String VERIFY_TOKEN = "meatyhamhock";
    static final String PHONE_NUMBER_ID = "106540352242922";
    static final String ACCESS_TOKEN = "EAAJB1234TestSystemUserToken";
    static final String CUSTOMER = "16505551234";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private CloudFixtures() {}

    static WhatsAppCloudChannel channel(String apiBaseUrl) {
        return new WhatsAppCloudChannel(WhatsAppCloudConfig.builder()
                .apiBaseUrl(apiBaseUrl)
                .appSecret(APP_SECRET)
                .verifyToken(VERIFY_TOKEN)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build());
    }

    static ChannelAccount account() {
        return new ChannelAccount(PHONE_NUMBER_ID, "tenant-1", "whatsapp", "cloud", "15550783881",
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
        try (InputStream in = CloudFixtures.class.getResourceAsStream("/cloud/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test resource /cloud/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Graph API error body as Meta returns it (error-codes reference). */
    static String graphError(int code, String message, String details) {
        return """
                {"error":{"message":"%s","type":"OAuthException","code":%d,
                 "error_data":{"messaging_product":"whatsapp","details":"%s"},
                 "fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}""".formatted(message, code, details);
    }

    static String sendAccepted(String wamid) {
        return """
                {"messaging_product":"whatsapp",
                 "contacts":[{"input":"+16505551234","wa_id":"16505551234"}],
                 "messages":[{"id":"%s"}]}""".formatted(wamid);
    }
}
