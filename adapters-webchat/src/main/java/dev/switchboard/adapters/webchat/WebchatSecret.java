package dev.switchboard.adapters.webchat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where the token signing key comes from: WEBCHAT_SECRET when set; otherwise (a single embedded
 * server) a random key generated once and kept in {@code DATA_DIR/webchat-secret}, so visitors keep
 * their identity across restarts.
 */
public final class WebchatSecret {
    static final String FILE = "webchat-secret";

    private WebchatSecret() {}

    public static byte[] configured(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the key kept under {@code dataDir}, creating it (owner-only where the file system allows) on first use. */
    public static byte[] keptUnder(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                try {
                    Files.writeString(file, HexFormat.of().formatHex(key), StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                    restrict(file);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            String hex = Files.readString(file, StandardCharsets.UTF_8).trim();
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the web chat secret in " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a hex key; delete it to generate a new one", e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the directory's permissions apply
        }
    }
}
