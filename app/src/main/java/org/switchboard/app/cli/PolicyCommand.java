package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AccessPolicy.Action;
import org.switchboard.core.auth.AccessPolicy.Protocol;
import org.switchboard.core.auth.AccessPolicy.Rule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin policy ...}: user access policies, which protocols a user may log in with and from where (REST: /api/v1/access-policies). */
@Command(name = "policy", description = "List, show, set and remove user access policies.")
final class PolicyCommand {
    private final ConnectionOptions options;

    PolicyCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "list", description = "List access policies.")
    int list() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/access-policies"), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode p : all) rows.add(List.of(p.path("name").asText(), rules(p)));
                out.table(List.of("NAME", "RULES"), rows, "No access policies.");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "Show one access policy.")
    int show(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get(path(name)), p -> out.fields("Access policy", p.path("name").asText(), "Rules", rules(p)));
        }
        return 0;
    }

    @Command(name = "set", description = {"Create or replace an access policy with exactly the rules given.",
            "Protocols: SMTP, POP3, IMAP, WEBMAIL, DAV, ACTIVESYNC, LDAP, XMPP, SIP, ADMIN."})
    int set(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--rule", paramLabel = "PROTOCOL=allow|deny|group:NAME", description = "One protocol's rule (repeatable).")
            List<String> rules,
            @Option(names = "--others", paramLabel = "allow|deny|group:NAME", description = "The protocols not named (default: allow).")
            String others) {
        Map<Protocol, Rule> map = new EnumMap<>(Protocol.class);
        if (rules != null) {
            for (String r : rules) {
                int eq = r.indexOf('=');
                if (eq < 0) throw CliFailure.usage("--rule " + r + ": write PROTOCOL=allow|deny|group:NAME, e.g. IMAP=group:Office");
                map.put(protocol(r.substring(0, eq)), rule(r.substring(eq + 1), "--rule " + r));
            }
        }
        AccessPolicy policy = new AccessPolicy(name, map, others == null ? Rule.ALLOW_ALL : rule(others, "--others " + others));
        try (AdminSession api = options.open()) {
            JsonNode p = api.put(path(name), policy);
            Output out = options.output();
            out.show(p, x -> out.line("Access policy " + x.path("name").asText() + ": " + rules(x) + "."));
        }
        return 0;
    }

    @Command(name = "remove", description = "Remove an access policy (not Default, nor one assigned to users).")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            api.delete(path(name));
            Output out = options.output();
            out.show(null, x -> out.line("Access policy " + name + " removed."));
        }
        return 0;
    }

    static Protocol protocol(String name) {
        try {
            return Protocol.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("'" + name + "' is not a protocol; use one of " + String.join(", ",
                    java.util.Arrays.stream(Protocol.values()).map(Enum::name).toList()));
        }
    }

    /** "allow", "deny" or "group:Office" (allow only from that IP address group). */
    static Rule rule(String text, String what) {
        String t = text.strip();
        if (t.equalsIgnoreCase("allow")) return new Rule(Action.ALLOW, null);
        if (t.equalsIgnoreCase("deny")) return new Rule(Action.DENY, null);
        if (t.regionMatches(true, 0, "group:", 0, 6) && t.length() > 6) return new Rule(Action.ALLOW_FROM_GROUP, t.substring(6).strip());
        throw CliFailure.usage(what + ": the rule must be allow, deny or group:NAME");
    }

    static String rules(JsonNode policy) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : policy.path("rules").properties()) parts.add(e.getKey() + " " + rule(e.getValue()));
        parts.add("others " + rule(policy.path("others")));
        return String.join(", ", parts);
    }

    private static String rule(JsonNode r) {
        return switch (r.path("action").asText("ALLOW")) {
            case "DENY" -> "deny";
            case "ALLOW_FROM_GROUP" -> "from group " + r.path("ipGroup").asText();
            default -> "allow";
        };
    }

    private static String path(String name) { return "/api/v1/access-policies/" + AdminSession.seg(name); }
}
