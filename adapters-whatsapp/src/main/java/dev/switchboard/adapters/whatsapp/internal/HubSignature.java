package dev.switchboard.adapters.whatsapp.internal;

import dev.switchboard.core.channel.HmacSignature;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.domain.Secret;

/** Meta's {@code X-Hub-Signature-256: sha256=<hex>} check, keyed with the app secret (see {@link HmacSignature}). */
public final class HubSignature {
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String MISSING_SECRET = "WEBHOOK_SECRET is not set: signed webhooks cannot be checked, so none is accepted";

    private HubSignature() {}

    public static Verification verify(Secret appSecret, String header, byte[] body) {
        return HmacSignature.verify(HEADER, "sha256=", appSecret, header, body, MISSING_SECRET);
    }
}
