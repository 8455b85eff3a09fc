package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.directory.NewUser;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.directory.UserChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin user ...}: one user at a time (REST: /api/v1/users). Bare names mean the primary domain. */
@Command(name = "user", description = "Add, list, show, change and remove users.")
final class UserCommand {
    static final String ROLES = "NONE, DOMAIN_READ_WRITE, SERVER_READ_ONLY or SERVER_READ_WRITE";
    static final long MB = 1024L * 1024;

    private final ConnectionOptions options;

    UserCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "add", description = "Create a user.")
    int add(@Parameters(paramLabel = "ADDRESS", description = "alice@example.com, or alice in the primary domain.") String address,
            @Option(names = "--password", paramLabel = "P", description = "The password (asked twice when left out).") String password,
            @Option(names = "--name", paramLabel = "FULLNAME") String fullName,
            @Option(names = "--description", paramLabel = "TEXT") String description,
            @Option(names = "--address", paramLabel = "A", description = "Another address of the user (repeatable).") List<String> addresses,
            @Option(names = "--group", paramLabel = "G", description = "A group to join (repeatable).") List<String> groups,
            @Option(names = "--role", paramLabel = "ROLE", description = "Administration rights: " + ROLES + ".") String role,
            @Option(names = "--policy", paramLabel = "NAME", description = "Access policy (default: Default).") String policy,
            @Option(names = "--quota-mb", paramLabel = "N", description = "Mailbox size limit in MB (0: none).") Long quotaMb,
            @Option(names = "--quota-messages", paramLabel = "N", description = "Message count limit (0: none).") Long quotaMessages) {
        Quota quota = quotaMb == null && quotaMessages == null ? null
                : quota(quotaMb == null ? 0 : quotaMb * MB, quotaMessages == null ? 0 : quotaMessages, Quota.UNLIMITED.warningPercent());
        AdminRole r = role(role);
        try (AdminSession api = options.open()) {
            String pw = Passwords.newPassword(password, address, "--password");
            JsonNode u = api.post("/api/v1/users", new NewUser(address, pw, fullName, description, addresses, null, r, policy, quota, groups));
            Output out = options.output();
            out.show(u, x -> out.line("User " + x.path("address").asText() + " created."));
        }
        return 0;
    }

    @Command(name = "list", description = "List users.")
    int list(@Option(names = "--domain", paramLabel = "D", description = "Only this domain.") String domain) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/users" + AdminSession.query("domain", domain)), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode u : all) {
                    rows.add(List.of(u.path("address").asText(), Output.text(u, "fullName"), u.path("enabled").asBoolean() ? "yes" : "no",
                            rights(u), Output.list(u.path("groups"))));
                }
                out.table(List.of("ADDRESS", "FULL NAME", "ENABLED", "RIGHTS", "GROUPS"), rows, "No users.");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "Show one user.")
    int show(@Parameters(paramLabel = "ADDRESS") String address) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get(path(address)), u -> print(out, u));
        }
        return 0;
    }

    static void print(Output out, JsonNode u) {
        out.fields("User", u.path("address").asText(),
                "Full name", Output.text(u, "fullName"),
                "Description", Output.text(u, "description"),
                "Enabled", Output.yesNo(u, "enabled"),
                "Other addresses", Output.list(u.path("addresses")),
                "Groups", Output.list(u.path("groups")),
                "Rights", rights(u) + (u.path("archiveAccess").asBoolean() ? ", archive folders" : ""),
                "Access policy", Output.text(u, "accessPolicy"),
                "Quota", Output.quota(u.path("quota")),
                "Password", u.path("hasPassword").asBoolean() ? "set " + Output.text(u, "passwordChangedAt") : "none",
                "Extensions", Output.list(u.path("extensions")));
    }

    private static String rights(JsonNode u) {
        String own = u.path("role").asText("NONE");
        String effective = u.path("effectiveRole").asText(own);
        return own.equals(effective) ? own : effective + " (from a group; own: " + own + ")";
    }

    @Command(name = "remove", description = "Remove a user.")
    int remove(@Parameters(paramLabel = "ADDRESS") String address) {
        try (AdminSession api = options.open()) {
            api.delete(path(address));
            Output out = options.output();
            out.show(null, x -> out.line("User " + address + " removed."));
        }
        return 0;
    }

    @Command(name = "passwd", description = "Set a user's password (checked against the domain's password policy).")
    int passwd(@Parameters(paramLabel = "ADDRESS") String address,
               @Option(names = "--password", paramLabel = "P", description = "The new password (asked twice when left out).") String password) {
        try (AdminSession api = options.open()) {
            api.post(path(address) + "/password", java.util.Map.of("password", Passwords.newPassword(password, address, "--password")));
            Output out = options.output();
            out.show(null, x -> out.line("Password of " + address + " changed."));
        }
        return 0;
    }

    @Command(name = "disable", description = "Disable a user: no logins (their sessions end), mail is still accepted.")
    int disable(@Parameters(paramLabel = "ADDRESS") String address) { return enable(address, false); }

    @Command(name = "enable", description = "Enable a disabled user.")
    int enable(@Parameters(paramLabel = "ADDRESS") String address) { return enable(address, true); }

    private int enable(String address, boolean enabled) {
        try (AdminSession api = options.open()) {
            JsonNode u = api.patch(path(address), UserChange.enabled(enabled));
            Output out = options.output();
            out.show(u, x -> out.line("User " + x.path("address").asText() + (enabled ? " enabled." : " disabled.")));
        }
        return 0;
    }

    @Command(name = "set", description = "Change a user; options left out stay as they are. --address and --group replace the whole list.")
    int set(@Parameters(paramLabel = "ADDRESS") String address,
            @Option(names = "--name", paramLabel = "FULLNAME") String fullName,
            @Option(names = "--description", paramLabel = "TEXT") String description,
            @Option(names = "--role", paramLabel = "ROLE", description = "Administration rights: " + ROLES + ".") String role,
            @Option(names = "--policy", paramLabel = "NAME", description = "Access policy.") String policy,
            @Option(names = "--address", paramLabel = "A", description = "Other addresses (repeatable; replaces them all).") List<String> addresses,
            @Option(names = "--group", paramLabel = "G", description = "Groups (repeatable; replaces them all).") List<String> groups,
            @Option(names = "--quota-mb", paramLabel = "N", description = "Mailbox size limit in MB (0: none).") Long quotaMb,
            @Option(names = "--quota-messages", paramLabel = "N", description = "Message count limit (0: none).") Long quotaMessages,
            @Option(names = "--archive-access", paramLabel = "true|false", arity = "1",
                    description = "The archive folders right: read everyone's archived mail under #archive/.") Boolean archiveAccess) {
        if (fullName == null && description == null && role == null && policy == null && addresses == null && groups == null
                && quotaMb == null && quotaMessages == null && archiveAccess == null) {
            throw CliFailure.usage("nothing to change: give at least one of --name, --description, --role, --policy, --address, "
                    + "--group, --quota-mb, --quota-messages, --archive-access");
        }
        AdminRole r = role(role);
        try (AdminSession api = options.open()) {
            Quota quota = null;
            if (quotaMb != null || quotaMessages != null) {
                JsonNode q = api.get(path(address)).path("quota");
                quota = quota(quotaMb != null ? quotaMb * MB : q.path("storageBytes").asLong(),
                        quotaMessages != null ? quotaMessages : q.path("messages").asLong(), q.path("warningPercent").asInt(90));
            }
            JsonNode u = api.patch(path(address), new UserChange(fullName, description, addresses, null, r, policy, quota, groups, archiveAccess));
            Output out = options.output();
            out.show(u, x -> print(out, x));
        }
        return 0;
    }

    static String path(String address) { return "/api/v1/users/" + AdminSession.seg(address); }

    /** "server-read-only" and "Server_Read_Only" both mean SERVER_READ_ONLY. */
    static AdminRole role(String role) {
        if (role == null) return null;
        try {
            return AdminRole.valueOf(role.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--role " + role + ": use " + ROLES);
        }
    }

    private static Quota quota(long bytes, long messages, int warningPercent) {
        try {
            return new Quota(bytes, messages, warningPercent);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("quota: " + e.getMessage());
        }
    }
}
