package dev.switchboard.adapters.whatsapp;

import dev.switchboard.core.channel.AccountDirectory;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test data for the Evolution channel: one instance ("loja-centro", the name used throughout the
 * contracts' samples) and the payloads of api-contracts.md section 3.
 */
final class EvolutionFixtures {
    static final String INSTANCE = "loja-centro";
    static final String INSTANCE_TOKEN = "2F0E8A5C-6B1D-4C3E-9F7A-1D2C3B4A5E6F";
    static final String WEBHOOK_TOKEN = "wh-7c1e0f4b2d9a8e6c";
    static final String CUSTOMER = "5511988887777";
    static final Instant NOW = Instant.parse("2025-10-21T10:16:00Z");

    private EvolutionFixtures() {}

    static EvolutionConfig config(String defaultServerUrl) {
        // WireMock listens on loopback, which an operator has to allow like any self-hosted server.
        return EvolutionConfig.builder().defaultServerUrl(defaultServerUrl).allowedHosts("localhost,127.0.0.1")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    static EvolutionChannel channel(String defaultServerUrl) {
        return new EvolutionChannel(config(defaultServerUrl));
    }

    static ChannelAccount account() {
        return account(Map.of(EvolutionInstance.SERVER_URL, "https://evo.example.com", "webhook_token", WEBHOOK_TOKEN));
    }

    static ChannelAccount account(Map<String, String> settings) {
        return new ChannelAccount(INSTANCE, "tenant-1", "whatsapp", "evolution", "5511977776666",
                Secret.of(INSTANCE_TOKEN), "Loja Centro", settings, NOW);
    }

    /** The account, served from this server. */
    static ChannelAccount accountOn(String serverUrl) {
        return account(Map.of(EvolutionInstance.SERVER_URL, serverUrl, "webhook_token", WEBHOOK_TOKEN));
    }

    static AccountDirectory directory(ChannelAccount... accounts) {
        Map<String, ChannelAccount> byId = new HashMap<>();
        for (ChannelAccount account : accounts) byId.put(account.id(), account);
        return id -> Optional.ofNullable(byId.get(id));
    }

    /** What Evolution posts when the webhook's headers hold {@code authorization: Bearer <webhook_token>}. */
    static WebhookRequest withBearer(String resource) {
        return request(resource, Map.of("Authorization", "Bearer " + WEBHOOK_TOKEN));
    }

    static WebhookRequest request(String resource, Map<String, String> headers) {
        return request(resource(resource).getBytes(StandardCharsets.UTF_8), headers);
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return WebhookRequest.of(all, body);
    }

    /** The body as sent with {@code AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true}: {@code apikey} holds the instance token. */
    static String withBodyApikey(String resource, String apikey) {
        return resource(resource).replace("\"apikey\": null", "\"apikey\": \"" + apikey + "\"");
    }

    /** A JWT as Evolution's generateJwtToken signs it (jsonwebtoken's default header, HS256). */
    static String jwt(String key, long iat, long exp) {
        return jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", key,
                "{\"iat\":" + iat + ",\"exp\":" + exp + ",\"app\":\"evolution\",\"action\":\"webhook\"}");
    }

    static String jwt(String header, String key, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = EvolutionFixtures.class.getResourceAsStream("/evolution/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test resource /evolution/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Evolution's 201 answer to a send: the stored message, carrying our new id in {@code key.id}. */
    static String sendAccepted(String id) {
        return resource("send-accepted.json").formatted(id);
    }

    /** Evolution's error body (global error handler, src/main.ts). */
    static String evolutionError(int status, String error, String messageJson) {
        return "{\"status\":" + status + ",\"error\":\"" + error + "\",\"response\":{\"message\":" + messageJson + "}}";
    }
}
