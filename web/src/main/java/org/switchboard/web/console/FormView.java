package org.switchboard.web.console;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.switchboard.core.error.Problem;

/**
 * A form as a template shows it: current values, a message per field, one message for the
 * whole form, and whether the viewer may save it (read-only admins see the values, disabled).
 */
record FormView(Map<String, String> values, Map<String, String> errors, String message, boolean writable) {
    static FormView of(Map<String, String> values, boolean writable) { return new FormView(values, Map.of(), null, writable); }

    String v(String name) { return values.getOrDefault(name, ""); }

    String err(String name) { return errors.get(name); }

    boolean on(String name) {
        String v = values.get(name);
        return v != null && !v.isEmpty() && !"false".equals(v);
    }

    /** Multi-valued fields (checkbox lists) are stored newline-joined. */
    boolean has(String name, String value) {
        String v = values.get(name);
        return v != null && Arrays.asList(v.split("\n")).contains(value);
    }

    boolean hasErrors() { return !errors.isEmpty() || message != null; }

    /**
     * The refusal mapped onto this form's fields: each field error goes next to its field when
     * the form has it (or when the message names it, as the settings checks do); the rest
     * becomes the form's message.
     */
    FormView failed(Problem p, Collection<String> fields) {
        Map<String, String> errs = new LinkedHashMap<>(errors);
        StringBuilder rest = new StringBuilder();
        for (Problem.FieldError e : p.errors()) {
            String field = fields.contains(e.field()) ? e.field() : named(e.message(), fields);
            if (field != null) errs.putIfAbsent(field, e.message());
            else rest.append(rest.isEmpty() ? "" : " ").append(e.field()).append(": ").append(e.message());
        }
        String msg = !rest.isEmpty() ? rest.toString()
                : errs.isEmpty() ? p.getMessage()
                : "Nothing was saved: correct the fields marked below.";
        return new FormView(values, errs, msg, writable);
    }

    /** Field errors found before calling the service (numbers that are not numbers, passwords that differ). */
    FormView failed(Map<String, String> fieldErrors) {
        Map<String, String> errs = new LinkedHashMap<>(errors);
        errs.putAll(fieldErrors);
        return new FormView(values, errs, "Nothing was saved: correct the fields marked below.", writable);
    }

    /** The form field the message names first, as a whole word ("port 70000 is out of range" names "port"). */
    private static String named(String message, Collection<String> fields) {
        String best = null;
        int at = Integer.MAX_VALUE;
        for (String f : fields) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![\\w.])" + java.util.regex.Pattern.quote(f) + "(?![\\w])").matcher(message);
            if (m.find() && m.start() < at) {
                at = m.start();
                best = f;
            }
        }
        return best;
    }
}
