package org.switchboard.core.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PEM text to JCA objects and back (RFC 7468). Reading is lenient about what else a file holds
 * (a combined cert+key file works for both) but strict about what it needs; every failure,
 * including BouncyCastle's unchecked decoding errors, becomes an IOException naming the source.
 */
final class Pem {

    static final int MAX_CHARS = 1024 * 1024;
    static final int MAX_CHAIN = 10;

    // Key types JSSE can serve a certificate with; looked up by OID so no BouncyCastle JCA provider
    // has to be registered.
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    private Pem() {}

    /** The certificates in order of appearance; the first is the server's own. */
    static List<X509Certificate> certificates(String pem, String source) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object item : objects(pem, source, "certificate")) {
            if (!(item instanceof X509CertificateHolder holder)) continue;
            if (chain.size() == MAX_CHAIN)
                throw new IOException(source + ": more than " + MAX_CHAIN + " certificates in the chain");
            try {
                chain.add(converter.getCertificate(holder));
            } catch (GeneralSecurityException e) {
                throw new IOException(source + ": not a valid PEM certificate: " + e.getMessage(), e);
            }
        }
        if (chain.isEmpty())
            throw new IOException(source + ": no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
        return List.copyOf(chain);
    }

    /** The first private key: PKCS#8 ("PRIVATE KEY") or traditional ("RSA/EC PRIVATE KEY"), unencrypted. */
    static PrivateKey privateKey(String pem, String source) throws IOException {
        for (Object item : objects(pem, source, "private key")) {
            switch (item) {
                case PrivateKeyInfo info -> { return toJca(info, source); }
                case PEMKeyPair pair -> { return toJca(pair.getPrivateKeyInfo(), source); }
                case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encryptedKey(source);
                case PEMEncryptedKeyPair encrypted -> throw encryptedKey(source);
                default -> { }
            }
        }
        throw new IOException(source + ": no PEM private key found (expected -----BEGIN PRIVATE KEY-----)");
    }

    private static List<Object> objects(String pem, String source, String what) throws IOException {
        if (pem == null) throw new IOException(source + ": no PEM text");
        if (pem.length() > MAX_CHARS) throw new IOException(source + ": larger than " + MAX_CHARS + " characters");
        List<Object> items = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) items.add(item);
        } catch (IOException | RuntimeException e) {
            throw new IOException(source + ": not a valid PEM " + what + ": " + e.getMessage(), e);
        }
        return items;
    }

    private static IOException encryptedKey(String source) {
        return new IOException(source + ": the private key is encrypted; provide it without a passphrase");
    }

    private static PrivateKey toJca(PrivateKeyInfo info, String source) throws IOException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) throw new IOException(source + ": unsupported private key algorithm " + oid);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": not a valid " + algorithm + " private key: " + e.getMessage(), e);
        }
    }

    static String encode(List<X509Certificate> chain) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : chain) writer.writeObject(certificate);
        }
        return text.toString();
    }

    /** Always PKCS#8 ("PRIVATE KEY"), whatever format the key was read from. */
    static String encode(PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        return text.toString();
    }
}
