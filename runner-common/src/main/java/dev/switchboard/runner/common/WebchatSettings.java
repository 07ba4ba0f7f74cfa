package dev.switchboard.runner.common;

import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.adapters.webchat.WebchatSecret;
import java.nio.file.Path;

/**
 * The web chat channel's settings: WEBCHAT_SECRET (the visitor token key), WEBCHAT_RATE_LIMIT,
 * WEBCHAT_MAX_TEXT and DATA_DIR. Without WEBCHAT_SECRET a server with no DATABASE_URL (one embedded
 * process) generates a key once and keeps it under DATA_DIR; with DATABASE_URL every node must share
 * one key, so none is generated and web chat stays off until WEBCHAT_SECRET is set.
 *
 * @param secret null when not set
 */
public record WebchatSettings(String secret, boolean generateSecret, Path dataDir, int rateLimit, int maxText) {

    public static WebchatSettings fromEnv(Env env) {
        String secret = env.string("WEBCHAT_SECRET", null);
        if (secret != null && secret.length() < 16) env.problem("WEBCHAT_SECRET must be at least 16 characters");
        return new WebchatSettings(secret, env.string("DATABASE_URL", null) == null,
                Path.of(env.string("DATA_DIR", "./data")),
                (int) env.integer("WEBCHAT_RATE_LIMIT", 20, 0, 100_000),
                (int) env.integer("WEBCHAT_MAX_TEXT", 4000, 1, 100_000));
    }

    /** The channel's configuration; reads (or creates) the kept key when no secret is set and one may be generated. */
    public WebchatChannel.Config channelConfig() {
        byte[] key = secret != null ? WebchatSecret.configured(secret) : generateSecret ? WebchatSecret.keptUnder(dataDir) : null;
        return new WebchatChannel.Config(key, rateLimit, maxText);
    }
}
