package org.switchboard.core.tls;

import javax.security.auth.x500.X500Principal;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the admin sees about the server certificate. Names are RFC 2253 strings; SANs are
 * {@code TYPE:value} as openssl prints them ({@code DNS:}, {@code IP:}, {@code email:}, {@code URI:}).
 */
public record CertificateInfo(String subject, String issuer, Instant notBefore, Instant notAfter,
                              List<String> subjectAltNames, String sha256Fingerprint, boolean selfSigned) {

    public CertificateInfo {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                subjectAltNames(certificate),
                TlsMaterial.fingerprint(certificate),
                selfSigned(certificate));
    }

    private static List<String> subjectAltNames(X509Certificate certificate) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (entries == null) return List.of();
        List<String> names = new ArrayList<>();
        for (List<?> entry : entries) {
            // RFC 5280 section 4.2.1.6 GeneralName tags
            String type = switch ((Integer) entry.get(0)) {
                case 1 -> "email";
                case 2 -> "DNS";
                case 6 -> "URI";
                case 7 -> "IP";
                default -> null;
            };
            if (type != null) names.add(type + ":" + entry.get(1));
        }
        return names;
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) return false;
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
