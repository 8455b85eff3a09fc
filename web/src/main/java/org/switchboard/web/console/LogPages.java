package org.switchboard.web.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.core.error.Problem;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.log.LogSettings;
import org.switchboard.core.log.LogSystem;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.Reply;

/**
 * The logs: each kind's tail (optionally followed live by htmx polling), search (text or
 * regular expression), highlighting, clear and download; and the Debug log's categories.
 */
final class LogPages {
    record Seg(String text, boolean mark) {}

    record LogPage(String kind, List<String> kinds, FormView query, List<List<Seg>> lines, String linesUrl, boolean follow,
                   boolean writable) {}

    record DebugPage(FormView form, List<Option> categories) {}

    static final List<String> LINE_COUNTS = List.of("100", "500", "2000", "10000");
    static final int MAX_PATTERN = 200;
    static final int DOWNLOAD_LINES = 100_000;

    private LogPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/logs", Access.SERVER_READ, c -> page(c, LogKind.WARNING)),
                ConsoleRoute.get("/admin/logs/{kind}", Access.SERVER_READ, c -> page(c, kind(c))),
                ConsoleRoute.poll("/admin/logs/{kind}/lines", Access.SERVER_READ, c -> {
                    LogKind k = kind(c);
                    Map<String, String> errors = new LinkedHashMap<>();
                    List<List<Seg>> lines = lines(c, k, errors);
                    return Outcome.page(out -> JteloglinesGenerated.render(out, null, lines));
                }),
                ConsoleRoute.get("/admin/logs/{kind}/download", Access.SERVER_READ, c -> {
                    LogKind k = kind(c);
                    String text = String.join("\n", c.ctx().logs().tail(k, DOWNLOAD_LINES)) + "\n";
                    return new Outcome.Raw(Reply.download("text/plain; charset=utf-8", k.file() + ".log", text));
                }),
                ConsoleRoute.post("/admin/logs/{kind}/clear", Access.SERVER_READ, c -> {
                    LogKind k = kind(c);
                    c.api("DELETE", "/api/v1/logs/" + k.file(), null);
                    return c.done("/admin/logs/" + k.file(), "The " + k.file() + " log was cleared.");
                }),
                ConsoleRoute.get("/admin/debug", Access.SERVER_READ, c -> debug(c, null, 200)),
                ConsoleRoute.post("/admin/debug", Access.SERVER_READ, c -> {
                    LogSettings now = (LogSettings) c.ctx().settings().get("logs");
                    TreeSet<String> on = new TreeSet<>(c.form().all("categories"));
                    for (String extra : c.form().lines("extra", true)) on.add(extra);
                    try {
                        c.api("PUT", "/api/v1/settings/logs", now.withDebugCategories(on));
                        return c.done("/admin/debug", on.isEmpty() ? "Debug logging is off." : "Debug logging is on for: " + String.join(", ", on) + ".");
                    } catch (IllegalArgumentException e) {
                        return debug(c, FormView.of(c.form().echo(), true).failed(Map.of("extra", e.getMessage())), 400);
                    } catch (Problem p) {
                        return debug(c, FormView.of(c.form().echo(), true).failed(p, List.of("extra", "categories")), p.kind().status);
                    }
                }));
    }

    private static LogKind kind(Call c) {
        try {
            return LogKind.byFile(c.param("kind"));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("log " + c.param("kind"));
        }
    }

    /** The lines the query asks for; a bad query leaves a message for its field and shows the plain tail. */
    private static List<List<Seg>> lines(Call c, LogKind k, Map<String, String> errors) {
        Form q = c.query();
        int count = LINE_COUNTS.contains(q.get("lines")) ? Integer.parseInt(q.get("lines")) : 500;
        String search = q.get("search");
        String highlight = q.get("highlight");
        List<String> raw = null;
        if (search.length() > MAX_PATTERN) errors.put("search", "at most " + MAX_PATTERN + " characters");
        else if (!search.isEmpty()) {
            try {
                raw = c.ctx().logs().search(k, search, q.checked("regex"), count);
            } catch (IllegalArgumentException e) {
                errors.put("search", e.getMessage());
            }
        }
        if (raw == null) raw = c.ctx().logs().tail(k, count);
        Pattern mark = null;
        if (highlight.length() > MAX_PATTERN) errors.put("highlight", "at most " + MAX_PATTERN + " characters");
        else if (!highlight.isEmpty()) mark = Pattern.compile(Pattern.quote(highlight), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        else if (!search.isEmpty() && !errors.containsKey("search")) {
            mark = q.checked("regex") ? Pattern.compile(search) : Pattern.compile(Pattern.quote(search), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        List<List<Seg>> out = new ArrayList<>(raw.size());
        for (String line : raw) out.add(segments(line, mark));
        return out;
    }

    static List<Seg> segments(String line, Pattern mark) {
        if (mark == null) return List.of(new Seg(line, false));
        List<Seg> segs = new ArrayList<>();
        Matcher m = mark.matcher(line);
        int at = 0;
        while (m.find()) {
            if (m.end() == m.start()) continue;   // an empty match marks nothing
            if (m.start() > at) segs.add(new Seg(line.substring(at, m.start()), false));
            segs.add(new Seg(m.group(), true));
            at = m.end();
        }
        if (at < line.length()) segs.add(new Seg(line.substring(at), false));
        return segs;
    }

    private static Outcome page(Call c, LogKind k) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<List<Seg>> lines = lines(c, k, errors);
        Form q = c.query();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("lines", LINE_COUNTS.contains(q.get("lines")) ? q.get("lines") : "500");
        v.put("search", q.get("search"));
        v.put("regex", Boolean.toString(q.checked("regex")));
        v.put("highlight", q.get("highlight"));
        FormView fv = new FormView(v, errors, null, true);
        StringBuilder qs = new StringBuilder("?lines=" + v.get("lines"));
        if (!v.get("search").isEmpty()) qs.append("&search=").append(Paths.q(v.get("search")));
        if (q.checked("regex")) qs.append("&regex=on");
        if (!v.get("highlight").isEmpty()) qs.append("&highlight=").append(Paths.q(v.get("highlight")));
        List<String> kinds = Arrays.stream(LogKind.values()).map(LogKind::file).toList();
        LogPage m = new LogPage(k.file(), kinds, fv, lines, "/admin/logs/" + k.file() + "/lines" + qs, q.checked("follow"),
                c.principal().canWriteServer());
        Frame f = c.frame(cap(k.file()) + " log", "logs");
        return Outcome.page(out -> JtelogGenerated.render(out, null, f, m));
    }

    static String cap(String s) { return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1); }

    private static Outcome debug(Call c, FormView form, int status) {
        LogSettings now = (LogSettings) c.ctx().settings().get("logs");
        TreeSet<String> all = new TreeSet<>(LogSystem.knownDebugCategories());
        all.addAll(now.debugCategories());
        Map<String, String> v = new LinkedHashMap<>();
        v.put("categories", String.join("\n", new TreeSet<>(now.debugCategories())));
        DebugPage m = new DebugPage(form != null ? form : FormView.of(v, c.principal().canWriteServer()),
                all.stream().map(Option::of).toList());
        Frame f = c.frame("Debug log categories", "debug");
        return Outcome.page(status, out -> JtedebugGenerated.render(out, null, f, m));
    }
}
