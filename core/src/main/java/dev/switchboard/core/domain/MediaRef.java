package dev.switchboard.core.domain;

/**
 * A reference to media carried by a message: the provider's media id and/or a URL, plus what is
 * known about it. {@code storedPath} is set once the media has been downloaded through the media port.
 */
public record MediaRef(String id, String url, String mimeType, String filename, String sha256, String storedPath) {
    public static MediaRef ofId(String id, String mimeType) {
        return new MediaRef(id, null, mimeType, null, null, null);
    }

    public static MediaRef ofLink(String url, String filename) {
        return new MediaRef(null, url, null, filename, null, null);
    }
}
