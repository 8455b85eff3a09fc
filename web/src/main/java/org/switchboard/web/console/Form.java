package org.switchboard.web.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.error.Problem;

/**
 * Fields of an application/x-www-form-urlencoded body or a query string, as the HTML spec
 * encodes them ('+' is a space). Bounded: at most {@link #MAX_FIELDS} fields; the body size
 * limit is enforced by the reader. Values are kept as sent; {@link #get} trims.
 */
final class Form {
    static final int MAX_FIELDS = 2000;
    static final Form EMPTY = new Form(Map.of());

    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) { this.fields = fields; }

    static Form parse(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return new Form(out);
        int count = 0;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            if (++count > MAX_FIELDS) throw new Problem(Problem.Kind.TOO_LARGE, "the form has more than " + MAX_FIELDS + " fields");
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw new Problem(Problem.Kind.INVALID, "the form data is not correctly encoded");
            }
        }
        return new Form(out);
    }

    /** The first value, trimmed; "" when absent. */
    String get(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0).strip();
    }

    /** The first value exactly as sent (passwords); "" when absent. */
    String raw(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    List<String> all(String name) { return fields.getOrDefault(name, List.of()); }

    boolean has(String name) { return fields.containsKey(name); }

    /** A checkbox: present (with any value but "false") means on. */
    boolean checked(String name) { return has(name) && !"false".equals(get(name)); }

    /** Non-empty lines of a textarea; commas separate too, for lists of names. */
    List<String> lines(String name, boolean commas) {
        List<String> out = new ArrayList<>();
        for (String l : get(name).split(commas ? "[\\r\\n,]+" : "[\\r\\n]+")) {
            if (!l.isBlank()) out.add(l.strip());
        }
        return out;
    }

    /** Every field's values for re-showing a form, multi-values joined by newlines; passwords are never echoed. */
    Map<String, String> echo() {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!k.startsWith("_") && !k.toLowerCase(java.util.Locale.ROOT).contains("password")) out.put(k, String.join("\n", v));
        });
        return out;
    }
}
