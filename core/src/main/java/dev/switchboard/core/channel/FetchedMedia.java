package dev.switchboard.core.channel;

import java.io.IOException;
import java.io.InputStream;

/**
 * Media being downloaded from a provider: read {@code body} once, then close it.
 *
 * @param size the provider's declared size in bytes, or -1 if unknown
 */
public record FetchedMedia(String mimeType, long size, InputStream body) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        body.close();
    }
}
