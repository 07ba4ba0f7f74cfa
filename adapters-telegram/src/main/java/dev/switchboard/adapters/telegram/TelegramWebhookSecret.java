package dev.switchboard.adapters.telegram;

import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-account {@code secret_token} given to {@code setWebhook}: Telegram sends it back in
 * {@value #HEADER} on every delivery, and that header is the only proof a delivery is Telegram's
 * (there is no signature over the body). It is kept in the account's settings under
 * {@value #SETTING}, a key the admin API masks.
 */
public final class TelegramWebhookSecret {
    public static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";
    public static final String SETTING = "webhook_token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TelegramWebhookSecret() {}

    /** 256 random bits as 43 characters of {@code A-Z a-z 0-9 _ -}, the alphabet Telegram allows. */
    public static Secret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Compares in constant time; an account without a stored secret accepts nothing. */
    public static Verification verify(ChannelAccount account, String header) {
        String expected = account.setting(SETTING);
        if (expected == null || expected.isEmpty()) return Verification.rejected("bot " + account.id() + " has no webhook secret; register it again");
        if (header == null || header.isEmpty()) return Verification.rejected("no " + HEADER + " header");
        return MessageDigest.isEqual(sha256(header), sha256(expected))
                ? Verification.accepted()
                : Verification.rejected(HEADER + " does not match the bot's webhook secret");
    }

    /** Digests first, so the time taken reveals neither where the values differ nor their lengths. */
    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
