package org.switchboard.core.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.core.error.Problem;

/**
 * The guide's user CSV (§20, §21): columns Name (required), Password, FullName, Description,
 * MailAddress, Groups in any order; fields separated by ';' or ','; multi-value fields
 * separated by ',' (quoted in comma-separated files). Parsing is pure: it returns rows with
 * their line numbers and the lines that could not be read.
 */
public final class UserCsv {
    public static final int MAX_LINE = 8192;
    public static final int MAX_ROWS = 100_000;

    public record Row(int line, String name, String password, String fullName, String description,
                      List<String> addresses, List<String> groups) {}

    public record Parsed(List<Row> rows, List<Problem.FieldError> errors) {}

    public record ImportReport(List<String> created, List<String> createdGroups, List<Problem.FieldError> skipped) {}

    private static final Map<String, String> HEADERS = Map.of(
            "name", "Name", "password", "Password", "fullname", "FullName", "description", "Description",
            "mailaddress", "MailAddress", "groups", "Groups");

    private UserCsv() {}

    public static Parsed parse(String text) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].isBlank()) headerLine++;
        if (headerLine == lines.length) {
            throw new Problem(Problem.Kind.INVALID, "the file is empty: expected a header line such as "
                    + "Name;Password;FullName;Description;MailAddress;Groups");
        }
        String header = stripBom(lines[headerLine]);
        char sep = header.indexOf(';') >= 0 ? ';' : ',';
        List<String> columns = new ArrayList<>();
        for (String h : split(header, sep, headerLine + 1)) {
            String key = h.replace(" ", "").toLowerCase(Locale.ROOT);
            String canonical = HEADERS.get(key);
            if (canonical == null) {
                throw new Problem(Problem.Kind.INVALID, "line " + (headerLine + 1) + ": unknown column '" + h.trim()
                        + "'; known columns are Name, Password, FullName, Description, MailAddress, Groups",
                        List.of(new Problem.FieldError("line " + (headerLine + 1), "unknown column '" + h.trim() + "'")));
            }
            if (columns.contains(canonical)) {
                throw new Problem(Problem.Kind.INVALID, "line " + (headerLine + 1) + ": column " + canonical + " appears twice");
            }
            columns.add(canonical);
        }
        if (!columns.contains("Name")) {
            throw new Problem(Problem.Kind.INVALID, "line " + (headerLine + 1) + ": the Name column is required");
        }
        for (int i = headerLine + 1; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.isBlank()) continue;
            if (rows.size() + errors.size() >= MAX_ROWS) {
                errors.add(new Problem.FieldError("line " + lineNo, "more than " + MAX_ROWS + " rows"));
                break;
            }
            if (line.length() > MAX_LINE) {
                errors.add(new Problem.FieldError("line " + lineNo, "line longer than " + MAX_LINE + " characters"));
                continue;
            }
            try {
                List<String> fields = split(line, sep, lineNo);
                if (fields.size() > columns.size()) {
                    throw new IllegalArgumentException(fields.size() + " fields but the header has " + columns.size() + " columns");
                }
                String[] v = new String[6];
                for (int c = 0; c < fields.size(); c++) v[index(columns.get(c))] = fields.get(c).trim();
                if (v[0] == null || v[0].isEmpty()) throw new IllegalArgumentException("Name is empty");
                rows.add(new Row(lineNo, v[0], emptyToNull(v[1]), v[2], v[3], multi(v[4]), multi(v[5])));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("line " + lineNo, e.getMessage()));
            }
        }
        return new Parsed(rows, errors);
    }

    private static int index(String column) {
        return switch (column) {
            case "Name" -> 0;
            case "Password" -> 1;
            case "FullName" -> 2;
            case "Description" -> 3;
            case "MailAddress" -> 4;
            default -> 5;
        };
    }

    private static String stripBom(String s) { return s.startsWith("\uFEFF") ? s.substring(1) : s; }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    private static List<String> multi(String v) {
        if (v == null || v.isBlank()) return List.of();
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** RFC 4180 style fields: quotes around a field, "" for a quote inside. */
    static List<String> split(String line, char sep, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                    else quoted = false;
                } else cur.append(c);
            } else if (c == '"' && cur.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cur.setLength(0);
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == '"') {
                throw new IllegalArgumentException("unexpected quote in column " + (out.size() + 1));
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("text after a closing quote in column " + (out.size() + 1));
            } else cur.append(c);
        }
        if (quoted) throw new IllegalArgumentException("unterminated quote");
        out.add(cur.toString());
        return out;
    }

    /** Export in the import format (';' separated, ',' inside multi-values); passwords are never exported. */
    public static String export(List<User> users, Directory directory) {
        StringBuilder sb = new StringBuilder("Name;Password;FullName;Description;MailAddress;Groups\r\n");
        for (User u : users) {
            List<String> groups = directory.groupsOf(u).stream().map(Group::name).sorted().toList();
            sb.append(field(u.name())).append(';').append(';')
                    .append(field(u.fullName())).append(';').append(field(u.description())).append(';')
                    .append(field(String.join(", ", u.addresses()))).append(';')
                    .append(field(String.join(", ", groups))).append("\r\n");
        }
        return sb.toString();
    }

    private static String field(String raw) {
        // parse() reads one row per line, so a line break inside a value (a multi-line description)
        // is written as a space; a quoted line break would make the export unreadable by the import.
        String v = raw.replaceAll("\\R", " ");
        if (v.indexOf(';') >= 0 || v.indexOf('"') >= 0) return '"' + v.replace("\"", "\"\"") + '"';
        return v;
    }
}
