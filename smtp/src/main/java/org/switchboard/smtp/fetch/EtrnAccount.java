package org.switchboard.smtp.fetch;

import java.util.Arrays;
import java.util.List;

/**
 * A server that holds mail for our domains and flushes it on ETRN (guide part 1 §28, "ETRN
 * Download"). {@code domains} are separated by ';' as in the guide; {@code user} null means no
 * authentication. The password is sealed with the server's secrets key. {@code verifyCertificate}
 * (null, as in accounts saved before it existed, = true) checks the server's certificate when TLS is used.
 */
public record EtrnAccount(String name, boolean enabled, String server, int port, ClientTls tls, String domains, String user,
                          String sealedPassword, Boolean verifyCertificate) {
    public EtrnAccount {
        if (verifyCertificate == null) verifyCertificate = true;
    }

    public EtrnAccount(String name, boolean enabled, String server, int port, ClientTls tls, String domains, String user,
                       String sealedPassword) {
        this(name, enabled, server, port, tls, domains, user, sealedPassword, true);
    }

    public EtrnAccount withoutSecret() { return new EtrnAccount(name, enabled, server, port, tls, domains, user, null, verifyCertificate); }

    List<String> domainList() {
        return Arrays.stream(domains.split(";")).map(String::strip).filter(d -> !d.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "EtrnAccount[" + name + ", " + (enabled ? "enabled" : "disabled") + ", " + server + ":" + port + " " + tls
                + (verifyCertificate ? "" : " (certificate not checked)") + ", domains " + domains
                + (user == null ? "" : ", user " + user + ", password ***") + "]";
    }
}
