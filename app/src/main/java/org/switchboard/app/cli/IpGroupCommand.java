package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.core.definitions.IpGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin ipgroup ...}: named sets of IP addresses, used by access policies and services (REST: /api/v1/ipgroups). */
@Command(name = "ipgroup", description = "Add, change, list, show and remove IP address groups.")
final class IpGroupCommand {
    static final String ENTRIES = "Hosts (192.0.2.7, 2001:db8::1), ranges (192.0.2.1-192.0.2.50), networks (10.0.0.0/8) or other groups (group:Name).";

    private final ConnectionOptions options;

    IpGroupCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "add", description = "Create an IP address group.")
    int add(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "ENTRY", description = ENTRIES) List<String> entries,
            @Option(names = "--description", paramLabel = "TEXT") String description) {
        try (AdminSession api = options.open()) {
            if (existing(api, name).isPresent()) {
                throw new CliFailure(CliFailure.CONFLICT, "IP address group " + name + " already exists; change it with: ipgroup set " + name + " ENTRY...");
            }
            JsonNode g = api.put(path(name), new IpGroup(name, description, entries));
            Output out = options.output();
            out.show(g, x -> out.line("IP address group " + x.path("name").asText() + " created: " + Output.list(x.path("entries")) + "."));
        }
        return 0;
    }

    @Command(name = "set", description = "Replace the entries of an IP address group (created if missing).")
    int set(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "ENTRY", description = ENTRIES) List<String> entries,
            @Option(names = "--description", paramLabel = "TEXT", description = "New description (default: keep it).") String description) {
        try (AdminSession api = options.open()) {
            String d = description != null ? description : existing(api, name).map(g -> g.path("description").asText("")).orElse("");
            JsonNode g = api.put(path(name), new IpGroup(name, d, entries));
            Output out = options.output();
            out.show(g, x -> out.line("IP address group " + x.path("name").asText() + ": " + Output.list(x.path("entries")) + "."));
        }
        return 0;
    }

    @Command(name = "list", description = "List IP address groups.")
    int list() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/ipgroups"), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode g : all) rows.add(List.of(g.path("name").asText(), Output.list(g.path("entries")), Output.text(g, "description")));
                out.table(List.of("NAME", "ENTRIES", "DESCRIPTION"), rows, "No IP address groups.");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "Show one IP address group.")
    int show(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get(path(name)), g -> out.fields("IP address group", g.path("name").asText(),
                    "Description", Output.text(g, "description"), "Entries", Output.list(g.path("entries"))));
        }
        return 0;
    }

    @Command(name = "remove", description = "Remove an IP address group (refused while something uses it).")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            api.delete(path(name));
            Output out = options.output();
            out.show(null, x -> out.line("IP address group " + name + " removed."));
        }
        return 0;
    }

    private static Optional<JsonNode> existing(AdminSession api, String name) {
        try {
            return Optional.of(api.get(path(name)));
        } catch (CliFailure f) {
            if (f.httpStatus() == 404) return Optional.empty();
            throw f;
        }
    }

    private static String path(String name) { return "/api/v1/ipgroups/" + AdminSession.seg(name); }
}
