package org.switchboard.core.auth;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Reversible encryption for the few secrets a protocol needs in clear (CRAM-MD5, SIP digest): AES-256-GCM
 * under a key kept in its own file, so a copied database alone does not reveal them. Thread-safe: the key is
 * immutable and each call makes its own Cipher. Sealed form: base64 of version byte, 12-byte nonce,
 * ciphertext and 16-byte tag; the version byte leaves room for key rotation.
 */
public final class SecretBox {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte VERSION = 1;
    private static final int MAX_SEALED_LENGTH = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Marks a settings value as sealed, so a document read back from the API can be saved again unchanged. */
    private static final String SETTING_PREFIX = "sealed:";

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Reads the key file, or writes a fresh random key there (mode 0600, atomically) when it does not exist. */
    public static SecretBox openOrCreate(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) create(keyFile);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("secret key file " + keyFile + " is not base64 text", e);
        }
        if (key.length != KEY_BYTES) throw new IOException("secret key file " + keyFile + " must hold a 256-bit key, found " + key.length * 8 + " bits");
        return new SecretBox(key);
    }

    private static void create(Path keyFile) throws IOException {
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        // Write to a private temporary file and rename, so a crash never leaves a short key behind.
        Path tmp = Files.createTempFile(dir, ".secret-key", ".tmp", attrs);
        try {
            byte[] key = new byte[KEY_BYTES];
            RANDOM.nextBytes(key);
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public String seal(String plaintext) {
        if (plaintext == null) throw new IllegalArgumentException("nothing to seal");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(new byte[] {VERSION});
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(1 + NONCE_BYTES + ct.length).put(VERSION).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is a mandatory JCE algorithm", e);
        }
    }

    /** The plaintext; IllegalArgumentException when the input is not something this key sealed, unaltered. */
    public String open(String sealed) {
        if (sealed == null || sealed.length() > MAX_SEALED_LENGTH) throw new IllegalArgumentException("sealed secret missing or too long");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret is not base64", e);
        }
        if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8) throw new IllegalArgumentException("sealed secret is too short");
        if (raw[0] != VERSION) throw new IllegalArgumentException("sealed secret has unknown version " + raw[0]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
            c.updateAAD(raw, 0, 1);
            byte[] pt = c.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed secret failed authentication (tampered or sealed under another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is a mandatory JCE algorithm", e);
        }
    }

    /**
     * The form a secret takes in a settings document: values already sealed pass through unchanged (an admin
     * saving back what GET returned), anything else is sealed. Null stays null.
     */
    public String sealSetting(String value) {
        if (value == null || isSealedSetting(value)) return value;
        return SETTING_PREFIX + seal(value);
    }

    /** The clear secret behind a settings value; a value saved before sealing existed is returned as it is. */
    public String openSetting(String value) {
        if (value == null || !isSealedSetting(value)) return value;
        return open(value.substring(SETTING_PREFIX.length()));
    }

    public static boolean isSealedSetting(String value) {
        return value != null && value.startsWith(SETTING_PREFIX);
    }
}
