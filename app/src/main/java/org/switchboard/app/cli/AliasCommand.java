package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.core.directory.NewAlias;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin alias ...}: address aliases (REST: /api/v1/aliases). The API removes aliases by id;
 * people name them by pattern, and by target too when one pattern has several.
 */
@Command(name = "alias", description = "Add, list and remove aliases (e.g. alias add 'sales*@example.com' bob@example.com).")
final class AliasCommand {
    private final ConnectionOptions options;

    AliasCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "add", description = "Create an alias.")
    int add(@Parameters(index = "0", paramLabel = "PATTERN",
                    description = "local@domain; in the local part ? is one character, * any run, * alone catches all.") String pattern,
            @Parameters(index = "1", paramLabel = "TARGET",
                    description = "A user, group, alias, external address or #public/Folder.") String target,
            @Option(names = "--description", paramLabel = "TEXT") String description) {
        try (AdminSession api = options.open()) {
            JsonNode a = api.post("/api/v1/aliases", new NewAlias(pattern, target, description));
            Output out = options.output();
            out.show(a, x -> out.line("Alias " + x.path("alias").asText() + " -> " + x.path("target").asText() + " created."));
        }
        return 0;
    }

    @Command(name = "list", description = "List aliases.")
    int list(@Option(names = "--domain", paramLabel = "D", description = "Only this domain.") String domain) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/aliases" + AdminSession.query("domain", domain)), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode a : all) rows.add(List.of(a.path("alias").asText(), a.path("target").asText(), Output.text(a, "description")));
                out.table(List.of("ALIAS", "TARGET", "DESCRIPTION"), rows, "No aliases.");
            });
        }
        return 0;
    }

    @Command(name = "remove", description = "Remove an alias, found by its pattern (and its target, when the pattern has several).")
    int remove(@Parameters(index = "0", paramLabel = "PATTERN") String pattern,
               @Parameters(index = "1", paramLabel = "TARGET", arity = "0..1") String target) {
        try (AdminSession api = options.open()) {
            String wanted = pattern.contains("@") ? pattern : pattern + "@" + primaryDomain(api);
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode a : api.get("/api/v1/aliases")) {
                if (a.path("alias").asText().equalsIgnoreCase(wanted)
                        && (target == null || a.path("target").asText().equalsIgnoreCase(target))) {
                    found.add(a);
                }
            }
            if (found.isEmpty()) {
                throw new CliFailure(CliFailure.NOT_FOUND, "no alias " + wanted + (target == null ? "" : " -> " + target));
            }
            if (found.size() > 1) {
                List<String> targets = found.stream().map(a -> a.path("target").asText()).toList();
                throw CliFailure.usage(wanted + " has " + found.size() + " targets (" + String.join(", ", targets)
                        + "); name the one to remove: alias remove " + pattern + " TARGET");
            }
            JsonNode a = found.get(0);
            api.delete("/api/v1/aliases/" + AdminSession.seg(a.path("id").asText()));
            Output out = options.output();
            out.show(null, x -> out.line("Alias " + a.path("alias").asText() + " -> " + a.path("target").asText() + " removed."));
        }
        return 0;
    }

    private static String primaryDomain(AdminSession api) {
        for (JsonNode d : api.get("/api/v1/domains")) {
            if (d.path("primary").asBoolean()) return d.path("name").asText();
        }
        throw new CliFailure(CliFailure.NOT_FOUND, "there is no domain yet");
    }
}
