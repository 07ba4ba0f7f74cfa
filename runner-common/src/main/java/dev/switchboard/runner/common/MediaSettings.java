package dev.switchboard.runner.common;

import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.media.FileMediaStore;
import java.nio.file.Path;

/**
 * Where inbound media is downloaded to when a turn starts. The server and its workers share
 * {@code dir}.
 *
 * @param maxBytes media larger than this is not downloaded; 0 turns downloads off
 */
public record MediaSettings(String dir, long maxBytes) {

    /** Reads MEDIA_DIR (default {@code data/media}) and MEDIA_MAX_BYTES (default 16 MiB). */
    public static MediaSettings fromEnv(Env env) {
        return new MediaSettings(env.string("MEDIA_DIR", "data/media"), env.integer("MEDIA_MAX_BYTES", 16L * 1024 * 1024, 0, 1L << 32));
    }

    public void configure(Switchboard.Config engine) {
        if (maxBytes > 0) engine.media(new FileMediaStore(Path.of(dir)), maxBytes);
    }
}
