package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.core.directory.GroupChange;
import org.switchboard.core.directory.NewGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin group ...}: user groups, which are also mailing addresses (REST: /api/v1/groups). */
@Command(name = "group", description = "Add, list, show and remove groups; add and remove members.")
final class GroupCommand {
    private final ConnectionOptions options;

    GroupCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "add", description = "Create a group; mail to its address reaches every member.")
    int add(@Parameters(paramLabel = "ADDRESS", description = "sales@example.com, or sales in the primary domain.") String address,
            @Option(names = "--description", paramLabel = "TEXT") String description,
            @Option(names = "--address", paramLabel = "A", description = "Another address of the group (repeatable).") List<String> addresses,
            @Option(names = "--member", paramLabel = "USER", description = "A member (repeatable).") List<String> members,
            @Option(names = "--role", paramLabel = "ROLE", description = "Administration rights the members get: " + UserCommand.ROLES + ".")
            String role) {
        NewGroup spec = new NewGroup(address, description, addresses, members, UserCommand.role(role));
        try (AdminSession api = options.open()) {
            JsonNode g = api.post("/api/v1/groups", spec);
            Output out = options.output();
            out.show(g, x -> out.line("Group " + x.path("address").asText() + " created with " + x.path("members").size() + " member(s)."));
        }
        return 0;
    }

    @Command(name = "list", description = "List groups.")
    int list(@Option(names = "--domain", paramLabel = "D", description = "Only this domain.") String domain) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/groups" + AdminSession.query("domain", domain)), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode g : all) {
                    rows.add(List.of(g.path("address").asText(), g.path("members").size() + "", g.path("role").asText("NONE"),
                            Output.text(g, "description")));
                }
                out.table(List.of("GROUP", "MEMBERS", "RIGHTS", "DESCRIPTION"), rows, "No groups.");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "Show one group and its members.")
    int show(@Parameters(paramLabel = "ADDRESS") String address) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get(path(address)), g -> print(out, g));
        }
        return 0;
    }

    private static void print(Output out, JsonNode g) {
        out.fields("Group", g.path("address").asText(),
                "Description", Output.text(g, "description"),
                "Other addresses", Output.list(g.path("addresses")),
                "Rights", g.path("role").asText("NONE"),
                "Members", Output.list(g.path("members")));
    }

    @Command(name = "remove", description = "Remove a group (its members stay).")
    int remove(@Parameters(paramLabel = "ADDRESS") String address) {
        try (AdminSession api = options.open()) {
            api.delete(path(address));
            Output out = options.output();
            out.show(null, x -> out.line("Group " + address + " removed."));
        }
        return 0;
    }

    @Command(name = "add-member", description = "Add a user to a group.")
    int addMember(@Parameters(index = "0", paramLabel = "GROUP") String group, @Parameters(index = "1", paramLabel = "USER") String user) {
        try (AdminSession api = options.open()) {
            List<String> members = members(api, group);
            String address = api.get(UserCommand.path(user)).path("address").asText();
            if (members.stream().anyMatch(m -> m.equalsIgnoreCase(address))) {
                throw new CliFailure(CliFailure.CONFLICT, address + " is already a member of " + group);
            }
            members.add(address);
            JsonNode g = api.patch(path(group), new GroupChange(null, null, members, null));
            Output out = options.output();
            out.show(g, x -> out.line(address + " added to " + x.path("address").asText() + " (" + x.path("members").size() + " member(s))."));
        }
        return 0;
    }

    @Command(name = "remove-member", description = "Remove a user from a group.")
    int removeMember(@Parameters(index = "0", paramLabel = "GROUP") String group, @Parameters(index = "1", paramLabel = "USER") String user) {
        try (AdminSession api = options.open()) {
            List<String> members = members(api, group);
            String address = api.get(UserCommand.path(user)).path("address").asText();
            if (!members.removeIf(m -> m.equalsIgnoreCase(address))) {
                throw new CliFailure(CliFailure.NOT_FOUND, address + " is not a member of " + group);
            }
            JsonNode g = api.patch(path(group), new GroupChange(null, null, members, null));
            Output out = options.output();
            out.show(g, x -> out.line(address + " removed from " + x.path("address").asText() + " (" + x.path("members").size() + " member(s) left)."));
        }
        return 0;
    }

    private static List<String> members(AdminSession api, String group) {
        List<String> members = new ArrayList<>();
        for (JsonNode m : api.get(path(group)).path("members")) members.add(m.asText());
        return members;
    }

    private static String path(String address) { return "/api/v1/groups/" + AdminSession.seg(address); }
}
