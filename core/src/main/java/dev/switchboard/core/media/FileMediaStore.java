package dev.switchboard.core.media;

import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.SwitchboardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Media on the local file system, one folder per tenant: {@code root/<tenant>/<message id>.<ext>},
 * each id escaped into a single file name (see {@link #segment}), so whatever the ids, every file
 * stays under the root.
 */
public final class FileMediaStore implements MediaStore {
    private static final Map<String, String> EXTENSIONS = Map.of(
            "image/jpeg", ".jpg", "image/png", ".png", "image/webp", ".webp", "audio/ogg", ".ogg", "audio/mpeg", ".mp3",
            "audio/mp4", ".m4a", "video/mp4", ".mp4", "application/pdf", ".pdf");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Path root;

    public FileMediaStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String save(String tenantId, String messageId, String mimeType, InputStream data, long maxBytes) {
        String ext = mimeType == null ? "" : EXTENSIONS.getOrDefault(mimeType.split(";")[0].trim().toLowerCase(), "");
        Path dir = inside(root, segment(tenantId));
        Path target = inside(dir, segment(messageId) + ext);
        Path partial = inside(dir, segment(messageId) + ext + ".part");
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

    /**
     * An id as one file name: letters, digits, {@code _} and {@code -} stay, a {@code .} stays unless
     * it leads, anything else (separators, NUL, {@code ~}, a leading dot) becomes {@code ~XX} per
     * UTF-8 byte. The mapping is one-to-one, so two ids never share a folder or a file, and no id
     * ({@code .}, {@code ..}, {@code a/../b}) can name a folder outside its parent.
     */
    static String segment(String id) {
        if (id == null || id.isEmpty()) throw new InvalidInputException("id", "a media path needs a non-empty id");
        StringBuilder out = new StringBuilder(id.length());
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-'
                    || (b == '.' && i > 0);
            if (plain) out.append((char) b);
            else out.append('~').append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }

    /** The child, or an exception should it resolve anywhere but directly under the parent. */
    private static Path inside(Path parent, String name) {
        Path child = parent.resolve(name).normalize();
        if (!child.startsWith(parent) || !parent.equals(child.getParent())) {
            throw new InvalidInputException("id", "does not name a file inside the media folder");
        }
        return child;
    }
}
