package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.switchboard.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code admin settings show|set}: the server settings sections (REST: /api/v1/settings). The API
 * replaces a section as a whole, so {@code set} reads it, changes the keys given and writes it back.
 */
@Command(name = "settings", description = "Show or change server settings (sections: server, admin, security, services, logs, smtp, pbx, archive).")
final class SettingsCommand {
    private final ConnectionOptions options;

    SettingsCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "show", description = "Show all settings, or one section, as key = value lines.")
    int show(@Parameters(paramLabel = "SECTION", arity = "0..1") String section) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            if (section == null) {
                out.show(api.get("/api/v1/settings"), all -> {
                    boolean first = true;
                    for (Map.Entry<String, JsonNode> s : all.properties()) {
                        if (!first) out.line("");
                        first = false;
                        out.line("[" + s.getKey() + "]");
                        flatten(s.getValue(), "").forEach(out::line);
                    }
                });
            } else {
                out.show(api.get(path(section)), s -> flatten(s, "").forEach(out::line));
            }
        }
        return 0;
    }

    @Command(name = "set", description = {"Change settings of one section: key=value ... (nested keys with dots, e.g. syslog.enabled=true).",
            "Values are read as JSON when they are JSON (true, 10, null, [\"a\"]), else as text."})
    int set(@Parameters(index = "0", paramLabel = "SECTION") String section,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE") List<String> changes) {
        try (AdminSession api = options.open()) {
            JsonNode current = api.get(path(section));
            if (!(current instanceof ObjectNode)) throw new CliFailure(CliFailure.GENERAL, "the server sent section " + section + " in an unexpected form");
            ObjectNode edited = ((ObjectNode) current).deepCopy();
            for (String change : changes) apply(edited, change);
            JsonNode saved = api.put(path(section), edited);
            Output out = options.output();
            out.show(saved, s -> {
                List<String> before = flatten(current, ""), after = flatten(s, "");
                List<String> changed = after.stream().filter(l -> !before.contains(l)).toList();
                out.line(changed.isEmpty() ? "Nothing changed in " + section + "." : "Changed in " + section + ":");
                changed.forEach(l -> out.line("  " + l));
            });
        }
        return 0;
    }

    /** Sets one "a.b.c=value" in a section; the objects on the way must exist, the last key may be new (the server checks it). */
    static void apply(ObjectNode section, String change) {
        int eq = change.indexOf('=');
        if (eq <= 0) throw CliFailure.usage("'" + change + "': write key=value, e.g. blockIps=false");
        String[] keys = change.substring(0, eq).strip().split("\\.", -1);
        ObjectNode target = section;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode next = target.get(keys[i]);
            if (!(next instanceof ObjectNode o)) {
                throw CliFailure.usage("'" + change.substring(0, eq) + "': " + String.join(".", List.of(keys).subList(0, i + 1))
                        + (next == null ? " is not a setting here" : " is not a group of settings"));
            }
            target = o;
        }
        if (keys[keys.length - 1].isEmpty()) throw CliFailure.usage("'" + change + "': empty key");
        target.set(keys[keys.length - 1], value(change.substring(eq + 1)));
    }

    static JsonNode value(String text) {
        try {
            JsonNode n = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
            return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
        } catch (java.io.IOException notJson) {
            return TextNode.valueOf(text);
        }
    }

    /** "key = value" lines, nested objects as dotted keys, arrays as JSON. */
    static List<String> flatten(JsonNode node, String prefix) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isObject()) lines.addAll(flatten(v, prefix + e.getKey() + "."));
            else lines.add(prefix + e.getKey() + " = " + (v.isTextual() ? v.asText() : v.toString()));
        }
        return lines;
    }

    private static String path(String section) { return "/api/v1/settings/" + AdminSession.seg(section); }
}
