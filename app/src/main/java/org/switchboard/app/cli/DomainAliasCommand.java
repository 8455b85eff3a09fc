package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin domain alias ...}: other names of a domain (mail to alice@alias reaches alice@domain). */
@Command(name = "alias", description = "Add or remove a domain alias (another name for the same domain).")
final class DomainAliasCommand {
    private final ConnectionOptions options;

    DomainAliasCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "add", description = "Add an alias name to a domain.")
    int add(@Parameters(index = "0", paramLabel = "DOMAIN") String domain, @Parameters(index = "1", paramLabel = "ALIAS") String alias) {
        try (AdminSession api = options.open()) {
            JsonNode d = api.post("/api/v1/domains/" + AdminSession.seg(domain) + "/aliases", Map.of("alias", alias));
            Output out = options.output();
            out.show(d, x -> out.line("Domain " + x.path("name").asText() + " now also answers to: " + Output.list(x.path("aliases")) + "."));
        }
        return 0;
    }

    @Command(name = "remove", description = "Remove an alias name from a domain.")
    int remove(@Parameters(index = "0", paramLabel = "DOMAIN") String domain, @Parameters(index = "1", paramLabel = "ALIAS") String alias) {
        try (AdminSession api = options.open()) {
            api.delete("/api/v1/domains/" + AdminSession.seg(domain) + "/aliases/" + AdminSession.seg(alias));
            Output out = options.output();
            out.show(null, x -> out.line("Alias " + alias + " removed from " + domain + "."));
        }
        return 0;
    }
}
