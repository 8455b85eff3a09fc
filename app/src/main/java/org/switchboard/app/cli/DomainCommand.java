package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.core.auth.PasswordPolicy;
import org.switchboard.core.directory.DomainChange;
import org.switchboard.core.directory.NewDomain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin domain ...}: the mail domains (REST: /api/v1/domains). */
@Command(name = "domain", description = "Add, list, show, change and remove mail domains.")
final class DomainCommand {
    private final ConnectionOptions options;

    DomainCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "add", description = "Create a domain (the first one becomes the primary domain).")
    int add(@Parameters(paramLabel = "NAME", description = "The domain name, e.g. example.com.") String name,
            @Option(names = "--description", paramLabel = "TEXT") String description) {
        try (AdminSession api = options.open()) {
            JsonNode d = api.post("/api/v1/domains", new NewDomain(name, description, null, null, null));
            Output out = options.output();
            out.show(d, x -> out.line("Domain " + x.path("name").asText() + " created"
                    + (x.path("primary").asBoolean() ? " (the primary domain)." : ".")));
        }
        return 0;
    }

    @Command(name = "list", description = "List the domains.")
    int list() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/domains"), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode d : all) {
                    rows.add(List.of(d.path("name").asText(), d.path("primary").asBoolean() ? "yes" : "", d.path("users").asText(),
                            Output.list(d.path("aliases")), Output.text(d, "description")));
                }
                out.table(List.of("DOMAIN", "PRIMARY", "USERS", "ALIASES", "DESCRIPTION"), rows,
                        "No domains yet. Create one: switchboard admin domain add example.com");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "Show one domain and its settings.")
    int show(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/domains/" + AdminSession.seg(name)), d -> print(out, d));
        }
        return 0;
    }

    static void print(Output out, JsonNode d) {
        JsonNode p = d.path("passwordPolicy");
        int max = d.path("maxConcurrentUsers").asInt();
        int expiry = p.path("expiryDays").asInt();
        out.fields("Domain", d.path("name").asText(),
                "Primary", Output.yesNo(d, "primary"),
                "Description", Output.text(d, "description"),
                "Aliases", Output.list(d.path("aliases")),
                "Users", d.path("users").asText(),
                "Max users", max == 0 ? "unlimited" : Integer.toString(max),
                "Password policy", "at least " + p.path("minLength").asInt() + " characters, complexity "
                        + (p.path("complexity").asBoolean() ? "on" : "off") + ", "
                        + (expiry == 0 ? "never expire" : "expire after " + expiry + " days"),
                "Default quota", Output.quota(d.path("defaultQuota")));
    }

    @Command(name = "remove",
            description = "Remove a domain (not the primary one; it must have no users, groups or aliases left).")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            api.delete("/api/v1/domains/" + AdminSession.seg(name));
            Output out = options.output();
            out.show(null, x -> out.line("Domain " + name + " removed."));
        }
        return 0;
    }

    @Command(name = "rename",
            description = "Rename a domain; its users' addresses follow and the old name stays as a domain alias.")
    int rename(@Parameters(index = "0", paramLabel = "OLD") String oldName, @Parameters(index = "1", paramLabel = "NEW") String newName) {
        try (AdminSession api = options.open()) {
            JsonNode d = api.post("/api/v1/domains/" + AdminSession.seg(oldName) + "/rename", java.util.Map.of("newName", newName));
            Output out = options.output();
            out.show(d, x -> out.line("Domain " + oldName + " is now " + x.path("name").asText() + " (" + oldName + " stays as an alias)."));
        }
        return 0;
    }

    @Command(name = "primary",
            description = "Make a domain the primary one (bare user names such as 'alice' mean this domain).")
    int primary(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            JsonNode d = api.post("/api/v1/domains/" + AdminSession.seg(name) + "/primary", java.util.Map.of());
            Output out = options.output();
            out.show(d, x -> out.line("Domain " + x.path("name").asText() + " is now the primary domain."));
        }
        return 0;
    }

    @Command(name = "set", description = "Change a domain's limits and password policy.")
    int set(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--description", paramLabel = "TEXT") String description,
            @Option(names = "--max-users", paramLabel = "N", description = "Most users logged in at once (0: no limit).") Integer maxUsers,
            @Option(names = "--password-min-length", paramLabel = "N") Integer minLength,
            @Option(names = "--password-complexity", arity = "1", paramLabel = "true|false",
                    description = "Require 3 of 4 character classes and nothing guessable from the account.") Boolean complexity,
            @Option(names = "--password-expiry-days", paramLabel = "N", description = "Days until passwords expire (0: never).") Integer expiryDays) {
        if (description == null && maxUsers == null && minLength == null && complexity == null && expiryDays == null) {
            throw CliFailure.usage("nothing to change: give at least one of --description, --max-users, --password-min-length, "
                    + "--password-complexity, --password-expiry-days");
        }
        try (AdminSession api = options.open()) {
            String path = "/api/v1/domains/" + AdminSession.seg(name);
            PasswordPolicy policy = null;
            if (minLength != null || complexity != null || expiryDays != null) {
                JsonNode p = api.get(path).path("passwordPolicy");
                try {
                    policy = new PasswordPolicy(complexity != null ? complexity : p.path("complexity").asBoolean(),
                            minLength != null ? minLength : p.path("minLength").asInt(),
                            expiryDays != null ? expiryDays : p.path("expiryDays").asInt());
                } catch (IllegalArgumentException e) {
                    throw CliFailure.usage(e.getMessage());
                }
            }
            JsonNode d = api.patch(path, new DomainChange(description, maxUsers, policy, null, null));
            Output out = options.output();
            out.show(d, x -> print(out, x));
        }
        return 0;
    }
}
