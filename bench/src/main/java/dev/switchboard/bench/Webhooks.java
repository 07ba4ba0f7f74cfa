package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed WhatsApp Cloud deliveries as Meta sends them (the shape of api-contracts.md): every one a
 * new message (a new wamid) from a new customer, so every delivery is stored and owes one reply.
 */
final class Webhooks {
    private final String secret;
    private final String phoneNumberId;
    private final String run;
    private final AtomicLong next = new AtomicLong();

    Webhooks(String secret, String phoneNumberId, String run) {
        this.secret = secret;
        this.phoneNumberId = phoneNumberId;
        this.run = run;
    }

    /** A new delivery: its body and its {@code X-Hub-Signature-256} header value. */
    Signed next() {
        long n = next.incrementAndGet();
        String from = "55" + (11_000_000_000L + (Math.abs(run.hashCode()) % 1000) * 1_000_000L + n);
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Cliente " + n + "\"},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"wamid.bench" + run + "x" + n + "\",\"timestamp\":\"" + (System.currentTimeMillis() / 1000)
                + "\",\"type\":\"text\",\"text\":{\"body\":\"Olá, vocês têm café? (" + n + ")\"}}]},\"field\":\"messages\"}]}]}";
        return new Signed(body.getBytes(StandardCharsets.UTF_8), "sha256=" + hmac(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Signed(byte[] body, String signature) {}
}
