package dev.switchboard.core.crypto;

import dev.switchboard.core.support.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets for storage with AES-256-GCM: {@code enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>},
 * a random 12-byte nonce per value, the key id being the first four bytes of the key's SHA-256 (so
 * a value says which key wrote it without revealing it). A context string (account and field) is
 * bound in as associated data, so a value copied into another row or field does not open.
 *
 * <p>Values without the prefix are plaintext written before a key was set: {@link #decrypt} passes
 * them through and {@link #isCurrent} says they need rewriting. A previous key still decrypts, for
 * rotation. Thread-safe.
 */
public final class TokenCipher {
    public static final String PREFIX = "enc:v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private record Key(String id, SecretKeySpec spec) {}

    private final Key current;
    private final Key previous;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(byte[] current, byte[] previous) {
        this.current = key(current);
        this.previous = previous == null ? null : key(previous);
    }

    /** A cipher with this 32-byte key, and an older one that still decrypts (null for none). */
    public static TokenCipher of(byte[] key, byte[] previousKey) {
        if (key == null || key.length != KEY_BYTES) throw new IllegalArgumentException("the key must be 32 bytes");
        if (previousKey != null && previousKey.length != KEY_BYTES) throw new IllegalArgumentException("the previous key must be 32 bytes");
        return new TokenCipher(key.clone(), previousKey == null ? null : previousKey.clone());
    }

    /**
     * From {@code ENCRYPTION_KEY} and {@code ENCRYPTION_KEY_PREVIOUS}, each the base64 of 32 bytes
     * (e.g. {@code openssl rand -base64 32}). Empty when no key is set: secrets are then stored as given.
     *
     * @throws IllegalArgumentException naming the variable when a value is not base64 of 32 bytes, or
     *                                  a previous key is set without a current one
     */
    public static Optional<TokenCipher> fromEnv(String key, String previous) {
        boolean hasKey = key != null && !key.isBlank();
        boolean hasPrevious = previous != null && !previous.isBlank();
        if (!hasKey) {
            if (hasPrevious) {
                throw new IllegalArgumentException("ENCRYPTION_KEY_PREVIOUS is set but ENCRYPTION_KEY is not: set the new key too");
            }
            return Optional.empty();
        }
        byte[] current = decodeKey(key, "ENCRYPTION_KEY");
        byte[] old = hasPrevious ? decodeKey(previous, "ENCRYPTION_KEY_PREVIOUS") : null;
        return Optional.of(new TokenCipher(current, old));
    }

    private static byte[] decodeKey(String value, String variable) {
        String v = value.strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            try {
                bytes = Base64.getUrlDecoder().decode(v);
            } catch (IllegalArgumentException e2) {
                throw new IllegalArgumentException(variable + " must be base64 (e.g. from `openssl rand -base64 32`)");
            }
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(variable + " must be the base64 of 32 bytes, got " + bytes.length + " bytes");
        }
        return bytes;
    }

    /** Whether the value was written by this class (with any key). */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** Whether the value is encrypted with the current key; false for plaintext and the previous key's values. */
    public boolean isCurrent(String stored) {
        return isEncrypted(stored) && stored.startsWith(PREFIX + current.id() + ":");
    }

    /** The value encrypted with the current key; {@code context} must be given again to decrypt. */
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + current.id() + ":" + B64.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
        }
    }

    /**
     * The plaintext of a stored value: decrypted with the key its id names, or returned as is when
     * it is not encrypted.
     *
     * @throws SwitchboardException when neither key opens it (another key, or altered or moved data);
     *                              the message names neither the value nor a key
     */
    public String decrypt(String stored, String context) {
        if (!isEncrypted(stored)) return stored;
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) throw new SwitchboardException("an encrypted value of " + context + " is malformed");
        String id = rest.substring(0, colon);
        Key key = id.equals(current.id()) ? current : previous != null && id.equals(previous.id()) ? previous : null;
        if (key == null) {
            throw new SwitchboardException("the value of " + context + " was encrypted with a key that is neither ENCRYPTION_KEY"
                    + " nor ENCRYPTION_KEY_PREVIOUS");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) throw new SwitchboardException("an encrypted value of " + context + " is truncated");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SwitchboardException("the encrypted value of " + context + " does not open: altered, or moved from another row");
        } catch (IllegalArgumentException e) {
            throw new SwitchboardException("an encrypted value of " + context + " is not base64");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
        }
    }

    private static Key key(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Key(HexFormat.of().formatHex(digest, 0, 4), new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "TokenCipher[key " + current.id() + (previous == null ? "" : ", previous " + previous.id()) + "]";
    }
}
