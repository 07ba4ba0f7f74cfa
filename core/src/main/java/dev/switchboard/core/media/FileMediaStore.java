package dev.switchboard.core.media;

import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.SwitchboardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Media on the local file system, one folder per tenant: {@code root/<tenant>/<message id>.<ext>}. */
public final class FileMediaStore implements MediaStore {
    private static final Map<String, String> EXTENSIONS = Map.of(
            "image/jpeg", ".jpg", "image/png", ".png", "image/webp", ".webp", "audio/ogg", ".ogg", "audio/mpeg", ".mp3",
            "audio/mp4", ".m4a", "video/mp4", ".mp4", "application/pdf", ".pdf");

    private final Path root;

    public FileMediaStore(Path root) {
        this.root = root;
    }

    @Override
    public String save(String tenantId, String messageId, String mimeType, InputStream data, long maxBytes) {
        String ext = mimeType == null ? "" : EXTENSIONS.getOrDefault(mimeType.split(";")[0].trim().toLowerCase(), "");
        Path dir = root.resolve(safe(tenantId));
        Path target = dir.resolve(safe(messageId) + ext);
        Path partial = dir.resolve(safe(messageId) + ext + ".part");
        try {
            Files.createDirectories(dir);
            long written = 0;
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = data.read(buffer)) != -1) {
                    written += n;
                    if (written > maxBytes) {
                        out.close();
                        Files.deleteIfExists(partial);
                        throw new InvalidInputException("media", "larger than the " + maxBytes + "-byte limit");
                    }
                    out.write(buffer, 0, n);
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target.toString();
        } catch (IOException e) {
            throw new SwitchboardException("could not store media for message " + messageId, e);
        }
    }

    /** Ids become file names: keep them to a safe alphabet so no id can escape the root. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
