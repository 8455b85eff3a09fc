package org.switchboard.core.tls;

import org.switchboard.core.log.LogKind;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The server's certificate chain and private key, validated (key matches, chain in issuing order)
 * and ready as a JSSE context or a PKCS#12 key store. Immutable and thread-safe. On disk it is
 * {@code server.crt} (PEM chain, server certificate first) and {@code server.key} (PEM PKCS#8, 0600);
 * every write replaces a file by an atomic rename, so a reader never sees half a file.
 */
public final class TlsMaterial {

    static final String CERT_FILE = "server.crt";
    static final String KEY_FILE = "server.key";
    static final String ALIAS = "server";

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final SSLContext sslContext;

    TlsMaterial(List<X509Certificate> chain, PrivateKey key) throws IOException {
        this.chain = List.copyOf(chain);
        this.key = Objects.requireNonNull(key, "key");
        if (this.chain.isEmpty()) throw new IOException("no certificate");
        checkKeyMatches(this.chain.getFirst(), key);
        checkIssuingOrder(this.chain);
        this.sslContext = buildContext();
    }

    /**
     * Loads {@code certDir/server.crt} and {@code server.key}, or issues a self-signed certificate for
     * {@code hostName} when neither exists. One without the other is an error, not a reason to
     * overwrite what an admin put there.
     */
    public static TlsMaterial loadOrCreate(Path certDir, String hostName) throws IOException {
        SelfSigned.checkHostName(hostName);
        Path certFile = certDir.resolve(CERT_FILE);
        Path keyFile = certDir.resolve(KEY_FILE);
        boolean haveCert = Files.exists(certFile);
        boolean haveKey = Files.exists(keyFile);
        if (!haveCert && !haveKey) return regenerateSelfSigned(certDir, hostName);
        if (haveCert != haveKey)
            throw new IOException("found " + (haveCert ? certFile : keyFile) + " but not " + (haveCert ? keyFile : certFile)
                    + "; provide both, or remove it to get a new self-signed certificate");
        TlsMaterial material = read(certFile, keyFile);
        restrictKeyFile(keyFile);
        if (material.certificate().getNotAfter().toInstant().isBefore(Instant.now()))
            LogKind.WARNING.log("TLS certificate {} expired on {}; clients will reject it",
                    material.info().subject(), material.info().notAfter());
        return material;
    }

    /** Issues a new self-signed certificate and key and replaces both files. */
    public static TlsMaterial regenerateSelfSigned(Path certDir, String hostName) throws IOException {
        TlsMaterial material = SelfSigned.issue(hostName, Instant.now());
        material.write(certDir);
        return material;
    }

    /**
     * Validates an admin-supplied chain (server certificate first, then its issuers) and key, and
     * replaces the files. Nothing is written if the key does not match, the chain is out of order or
     * the certificate has expired.
     */
    public static TlsMaterial install(Path certDir, String pemChain, String pemKey) throws IOException {
        TlsMaterial material = new TlsMaterial(Pem.certificates(pemChain, "certificate"), Pem.privateKey(pemKey, "private key"));
        Instant notAfter = material.certificate().getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) throw new IOException("the certificate expired on " + notAfter);
        material.write(certDir);
        return material;
    }

    private static TlsMaterial read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = Pem.certificates(readLimited(certFile), certFile.toString());
        PrivateKey key = Pem.privateKey(readLimited(keyFile), keyFile.toString());
        try {
            return new TlsMaterial(chain, key);
        } catch (IOException e) {
            throw new IOException(certFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static String readLimited(Path file) throws IOException {
        if (Files.size(file) > Pem.MAX_CHARS) throw new IOException(file + ": larger than " + Pem.MAX_CHARS + " bytes");
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** The SSL context for servers; callers set {@link #enabledProtocols()} on each engine or socket. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** TLS 1.3 and 1.2 only: older versions are deprecated by RFC 8996. */
    public static String[] enabledProtocols() {
        return PROTOCOLS.clone();
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** A fresh in-memory PKCS#12 store holding the key and chain under alias {@code "server"}. */
    public KeyStore keyStore(char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS#12 key store: " + e.getMessage(), e);
        }
    }

    public CertificateInfo info() {
        return CertificateInfo.of(certificate());
    }

    /** SHA-256 over the DER encoding, upper-case hex pairs joined by colons. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot fingerprint certificate: " + e.getMessage(), e);
        }
    }

    private SSLContext buildContext() throws IOException {
        char[] password = new char[0];
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    // Signing a random probe proves possession for any key type, where comparing moduli works for RSA only.
    private static void checkKeyMatches(X509Certificate certificate, PrivateKey key) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new IOException("unsupported private key algorithm " + key.getAlgorithm());
        };
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) throw new IOException("the private key does not match the certificate "
                + certificate.getSubjectX500Principal().getName());
    }

    private static void checkIssuingOrder(List<X509Certificate> chain) throws IOException {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate issued = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            boolean ok = issued.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
            if (ok) {
                try {
                    issued.verify(issuer.getPublicKey());
                } catch (GeneralSecurityException e) {
                    ok = false;
                }
            }
            if (!ok) throw new IOException("certificate " + (i + 2) + " in the chain did not issue certificate " + (i + 1)
                    + ": list the server certificate first, then each issuer in order");
        }
    }

    // The key goes first: a crash between the two renames leaves a new key with the old certificate,
    // which the next load reports as a mismatch instead of silently serving a stale pair.
    private void write(Path certDir) throws IOException {
        Files.createDirectories(certDir);
        writeAtomically(certDir.resolve(KEY_FILE), Pem.encode(key), OWNER_ONLY);
        writeAtomically(certDir.resolve(CERT_FILE), Pem.encode(chain), WORLD_READABLE);
    }

    private static void writeAtomically(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        // Created 0600 from the start, so the key is never readable by others, not even briefly.
        Path temp = posix
                ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) channel.write(bytes);
                channel.force(true);
            }
            if (posix) Files.setPosixFilePermissions(temp, mode);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictKeyFile(Path keyFile) {
        if (!keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        try {
            if (Files.getPosixFilePermissions(keyFile).equals(OWNER_ONLY)) return;
            Files.setPosixFilePermissions(keyFile, OWNER_ONLY);
            LogKind.SECURITY.log("restricted {} to mode 0600: a private key must be readable by its owner only", keyFile);
        } catch (IOException e) {
            LogKind.WARNING.log("cannot restrict {} to mode 0600: {}", keyFile, e.getMessage());
        }
    }
}
