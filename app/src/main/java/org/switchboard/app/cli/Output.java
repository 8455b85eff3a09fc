package org.switchboard.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.switchboard.core.json.Json;

/**
 * What a verb prints on stdout: with --json the server's answer as pretty JSON, otherwise lines,
 * aligned tables and "label: value" blocks for people.
 */
final class Output {
    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() { return json; }

    /** The answer as JSON, or for people through {@code human}. A null answer (204) prints nothing as JSON. */
    void show(JsonNode answer, Consumer<JsonNode> human) {
        if (!json) {
            human.accept(answer);
        } else if (answer != null) {
            try {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            } catch (JsonProcessingException e) {
                throw new CliFailure(CliFailure.GENERAL, "cannot print the answer: " + e.getOriginalMessage());
            }
        }
    }

    void line(String text) { out.println(text); }

    /** Columns padded to their widest cell; the last column is not padded. */
    /** A JSON array as it is with --json, else one table row per element. */
    void showRows(JsonNode array, List<String> headers, Function<JsonNode, List<String>> row, String whenEmpty) {
        show(array, r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : r) rows.add(row.apply(e));
            table(headers, rows, whenEmpty);
        });
    }

    void table(List<String> headers, List<List<String>> rows, String whenEmpty) {
        if (rows.isEmpty()) {
            out.println(whenEmpty);
            return;
        }
        int[] width = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], cell(r, i).length());
        }
        for (List<String> r : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String c = cell(r, i);
                b.append(c);
                if (i < width.length - 1) b.append(" ".repeat(width[i] - c.length() + 2));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /** "Label:  value" lines with the values aligned; pairs of label, value. */
    void fields(String... labelsAndValues) {
        int w = 0;
        for (int i = 0; i < labelsAndValues.length; i += 2) w = Math.max(w, labelsAndValues[i].length());
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            String label = labelsAndValues[i] + ":";
            out.println(label + " ".repeat(w + 2 - label.length() + 1) + labelsAndValues[i + 1]);
        }
    }

    private static String cell(List<String> row, int i) {
        String c = i < row.size() ? row.get(i) : "";
        return c == null ? "" : c.replace('\n', ' ');
    }

    /** A JSON array of strings as "a, b", or "-" when empty. */
    static String list(JsonNode array) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : array) parts.add(n.asText());
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** A text field, or "-" when missing or empty. */
    static String text(JsonNode node, String field) {
        String v = node.path(field).asText("");
        return v.isEmpty() ? "-" : v;
    }

    static String yesNo(JsonNode node, String field) { return node.path(field).asBoolean() ? "yes" : "no"; }

    /** A quota object as "1024 MB, 5000 messages" or "unlimited". */
    static String quota(JsonNode q) {
        long bytes = q.path("storageBytes").asLong();
        long messages = q.path("messages").asLong();
        if (bytes == 0 && messages == 0) return "unlimited";
        return (bytes == 0 ? "unlimited storage" : bytes / (1024 * 1024) + " MB") + ", "
                + (messages == 0 ? "unlimited messages" : messages + " messages");
    }
}
