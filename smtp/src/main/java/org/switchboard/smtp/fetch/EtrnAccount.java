package org.switchboard.smtp.fetch;

import java.util.Arrays;
import java.util.List;

/**
 * A server that holds mail for our domains and flushes it on ETRN (guide part 1 §28, "ETRN
 * Download"). {@code domains} are separated by ';' as in the guide; {@code user} null means no
 * authentication. The password is sealed with the server's secrets key.
 */
public record EtrnAccount(String name, boolean enabled, String server, int port, ClientTls tls, String domains, String user,
                          String sealedPassword) {
    public EtrnAccount withoutSecret() { return new EtrnAccount(name, enabled, server, port, tls, domains, user, null); }

    List<String> domainList() {
        return Arrays.stream(domains.split(";")).map(String::strip).filter(d -> !d.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "EtrnAccount[" + name + ", " + (enabled ? "enabled" : "disabled") + ", " + server + ":" + port + " " + tls + ", domains " + domains
                + (user == null ? "" : ", user " + user + ", password ***") + "]";
    }
}
