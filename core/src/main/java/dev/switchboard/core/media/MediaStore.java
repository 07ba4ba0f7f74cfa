package dev.switchboard.core.media;

import java.io.InputStream;

/** Where downloaded media (customers' images, voice notes, documents) is kept. */
public interface MediaStore {

    /**
     * Stores the bytes, reading at most {@code maxBytes}.
     *
     * @return a reference to the stored media (a path, a key)
     * @throws dev.switchboard.core.support.InvalidInputException when the media is larger than {@code maxBytes}
     *         (nothing is kept)
     */
    String save(String tenantId, String messageId, String mimeType, InputStream data, long maxBytes);
}
