package org.switchboard.core.auth.sasl;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The server's SASL mechanisms by name; protocols advertise {@link #ALL} (strongest first) and create per exchange. */
public final class SaslMechanisms {
    public static final List<String> ALL = List.of("SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "LOGIN");

    private SaslMechanisms() {
    }

    /** A fresh exchange; the name is matched case-insensitively, an unknown one is an IllegalArgumentException. */
    public static SaslMechanism create(String name, SaslBackend backend, String serverFqdn) {
        if (name == null) throw new IllegalArgumentException("SASL mechanism name missing");
        Objects.requireNonNull(backend, "backend");
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "SCRAM-SHA-256" -> new ScramSha256Mechanism(backend);
            case "CRAM-MD5" -> {
                if (serverFqdn == null || serverFqdn.isBlank()) throw new IllegalArgumentException("CRAM-MD5 needs the server's FQDN");
                yield new CramMd5Mechanism(backend, serverFqdn);
            }
            case "PLAIN" -> new PlainMechanism(backend);
            case "LOGIN" -> new LoginMechanism(backend);
            default -> throw new IllegalArgumentException("unsupported SASL mechanism: " + name);
        };
    }
}
