package org.switchboard.core.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Issues the out-of-the-box server certificate: RSA-2048, SHA256withRSA, CN and SANs for the host
 * name plus loopback, so clients on the box itself match by name or address (RFC 6125 section 6).
 */
final class SelfSigned {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSigned() {}

    /** A DNS host name or an IP literal; anything else would make a certificate no client accepts. */
    static String checkHostName(String hostName) {
        if (hostName == null || !(DNS_NAME.matcher(hostName).matches() || IPAddress.isValid(hostName)))
            throw new IllegalArgumentException("invalid host name for a certificate: '" + hostName + "'");
        return hostName;
    }

    static TlsMaterial issue(String hostName, Instant now) throws IOException {
        checkHostName(hostName);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair keys = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostName).build();
            // RFC 5280 section 4.1.2.2: positive, at most 20 octets; 159 random bits plus one is both.
            BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
            Instant notBefore = now.minus(Duration.ofDays(1));
            Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(10).toInstant();

            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hostName));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TlsMaterial(List.of(certificate), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a self-signed certificate for " + hostName + ": " + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAltNames(String hostName) {
        List<GeneralName> names = new ArrayList<>();
        names.add(IPAddress.isValid(hostName)
                ? new GeneralName(GeneralName.iPAddress, hostName)
                : new GeneralName(GeneralName.dNSName, hostName));
        for (GeneralName loopback : List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1"))) {
            if (!names.contains(loopback)) names.add(loopback);
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
