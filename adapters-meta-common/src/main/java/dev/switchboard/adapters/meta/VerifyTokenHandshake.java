package dev.switchboard.adapters.meta;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription handshake Meta's webhooks use (WhatsApp Cloud, Instagram, Messenger):
 * {@code GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…} is answered with the challenge
 * when the token is the one configured, compared in constant time, and refused otherwise.
 */
public final class VerifyTokenHandshake {
    private static final Logger log = LoggerFactory.getLogger(VerifyTokenHandshake.class);

    private VerifyTokenHandshake() {}

    /**
     * @param verifyToken the configured token; null refuses every handshake (with a warning naming {@code variable})
     * @param variable    the setting that holds the token, for that warning
     * @return the challenge to echo as plain text, or empty to refuse
     */
    public static Optional<String> answer(WebhookRequest request, Secret verifyToken, String variable) {
        String challenge = request.queryParam("hub.challenge");
        String token = request.queryParam("hub.verify_token");
        if (challenge == null || token == null || !"subscribe".equals(request.queryParam("hub.mode"))) {
            return Optional.empty();
        }
        if (verifyToken == null) {
            log.warn("subscription handshake refused: no verify token is configured ({})", variable);
            return Optional.empty();
        }
        // The supplied token goes first: isEqual's running time then depends only on its length.
        boolean matches = MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                verifyToken.value().getBytes(StandardCharsets.UTF_8));
        return matches ? Optional.of(challenge) : Optional.empty();
    }
}
