package org.switchboard.web.console;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts form text to the values a service takes, collecting a message per field that is
 * not what it should be (not a number, out of range), so the form can be shown again with
 * every problem at once and nothing saved.
 */
final class Input {
    private final Form form;
    private final Map<String, String> errors = new LinkedHashMap<>();

    Input(Form form) { this.form = form; }

    Integer integer(String name, int min, int max) {
        String s = form.get(name);
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.putIfAbsent(name, "enter a whole number from " + min + " to " + max);
        return null;
    }

    /** A size typed in MiB (0 = unlimited), as bytes. */
    Long mebibytes(String name) {
        String s = form.get(name);
        try {
            long v = Long.parseLong(s);
            if (v >= 0 && v <= 1L << 30) return v << 20;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.putIfAbsent(name, "enter a whole number of MiB, 0 for unlimited");
        return null;
    }

    Long count(String name) {
        String s = form.get(name);
        try {
            long v = Long.parseLong(s);
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.putIfAbsent(name, "enter a whole number, 0 for unlimited");
        return null;
    }

    void error(String name, String message) { errors.putIfAbsent(name, message); }

    boolean ok() { return errors.isEmpty(); }

    Map<String, String> errors() { return errors; }
}
