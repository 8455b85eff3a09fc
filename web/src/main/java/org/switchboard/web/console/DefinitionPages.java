package org.switchboard.web.console;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.definitions.TimeRange;
import org.switchboard.core.error.Problem;
import org.switchboard.web.api.Access;

/**
 * The shared definitions: IP address groups, time ranges and user access policies. Each has
 * a list and one edit page; a new one is the edit page without a name yet. Saving replaces
 * the definition (PUT), removing asks first.
 */
final class DefinitionPages {
    /** One definition in a list: its name, a description and a summary of what it contains. */
    record Row(String name, String description, String summary) {}

    /** Which definition kind a page is about, with its words and paths. */
    record Kind(String id, String title, String singular, String apiPath, String hint) {}

    record ListPage(Kind kind, List<Row> rows, boolean writable) {}

    record EditPage(Kind kind, String name, boolean isNew, FormView form, List<Option> ruleOptions, List<String> protocols, String actionError) {}

    static final Kind IPGROUPS = new Kind("ipgroups", "IP address groups", "IP address group", "/api/v1/ipgroups",
            "One entry per line: a host (192.0.2.7, 2001:db8::1), a range (192.0.2.1-192.0.2.50), a network (10.0.0.0/8) or another group (group:Office).");
    static final Kind TIMERANGES = new Kind("timeranges", "Time ranges", "time range", "/api/v1/timeranges",
            "One interval per line: daily 08:00-17:00 · weekly mon,tue,wed,thu,fri 08:00-17:00 · from 2025-12-24 00:00 to 2025-12-27 00:00. Times are in the server's time zone.");
    static final Kind POLICIES = new Kind("policies", "Access policies", "access policy", "/api/v1/access-policies",
            "For each protocol: allow, deny, or allow only from an IP address group. Protocols left on “as for others” follow the last rule.");

    private DefinitionPages() {}

    static List<ConsoleRoute> routes() {
        List<ConsoleRoute> out = new ArrayList<>();
        for (Kind k : List.of(IPGROUPS, TIMERANGES, POLICIES)) {
            String base = "/admin/" + k.id();
            out.add(ConsoleRoute.get(base, Access.SERVER_READ, c -> list(c, k)));
            out.add(ConsoleRoute.get(base + "/new", Access.SERVER_WRITE, c -> edit(c, k, null, FormView.of(defaults(k), true), null, 200)));
            out.add(ConsoleRoute.post(base + "/new", Access.SERVER_READ, c -> save(c, k, null)));
            out.add(ConsoleRoute.get(base + "/{name}", Access.SERVER_READ, c -> {
                String name = c.param("name");
                return edit(c, k, name, FormView.of(values(c, k, name), c.principal().canWriteServer()), null, 200);
            }));
            out.add(ConsoleRoute.post(base + "/{name}", Access.SERVER_READ, c -> save(c, k, c.param("name"))));
            out.add(ConsoleRoute.post(base + "/{name}/remove", Access.SERVER_READ, c -> {
                String name = c.param("name");
                try {
                    c.api("DELETE", k.apiPath() + "/" + Paths.seg(name), null);
                    return c.done(base, "The " + k.singular() + " " + name + " was removed.");
                } catch (Problem p) {
                    if (p.kind() == Problem.Kind.NOT_FOUND) throw p;
                    return edit(c, k, name, FormView.of(values(c, k, name), c.principal().canWriteServer()), p.getMessage(), p.kind().status);
                }
            }));
        }
        return out;
    }

    private static Outcome list(Call c, Kind k) {
        List<Row> rows = switch (k.id()) {
            case "ipgroups" -> c.ctx().ipGroups().list().stream().map(g -> new Row(g.name(), g.description(), String.join(", ", g.entries()))).toList();
            case "timeranges" -> c.ctx().timeRanges().list().stream()
                    .map(t -> new Row(t.name(), t.description(), TimeRangeText.format(t.intervals()).replace("\n", "; "))).toList();
            default -> c.ctx().policies().list().stream().map(p -> new Row(p.name(), "", policySummary(p))).toList();
        };
        ListPage m = new ListPage(k, rows, c.principal().canWriteServer());
        Frame f = c.frame(k.title(), k.id());
        return Outcome.page(out -> JtedefinitionsGenerated.render(out, null, f, m));
    }

    private static String policySummary(AccessPolicy p) {
        List<String> parts = new ArrayList<>();
        p.rules().forEach((proto, r) -> parts.add(proto + ": " + ruleText(r)));
        parts.add("others: " + ruleText(p.others()));
        return String.join(", ", parts);
    }

    private static String ruleText(AccessPolicy.Rule r) {
        return switch (r.action()) {
            case ALLOW -> "allow";
            case DENY -> "deny";
            case ALLOW_FROM_GROUP -> "from " + r.ipGroup();
        };
    }

    private static Map<String, String> defaults(Kind k) {
        return k == POLICIES ? Map.of("others", "ALLOW") : Map.of();
    }

    private static Map<String, String> values(Call c, Kind k, String name) {
        Map<String, String> v = new LinkedHashMap<>();
        switch (k.id()) {
            case "ipgroups" -> {
                IpGroup g = c.ctx().ipGroups().get(name).orElseThrow(() -> Problem.notFound("IP address group " + name));
                v.put("description", g.description());
                v.put("entries", String.join("\n", g.entries()));
            }
            case "timeranges" -> {
                TimeRange t = c.ctx().timeRanges().get(name).orElseThrow(() -> Problem.notFound("time range " + name));
                v.put("description", t.description());
                v.put("intervals", TimeRangeText.format(t.intervals()));
            }
            default -> {
                AccessPolicy p = c.ctx().policies().get(name);
                p.rules().forEach((proto, r) -> v.put("rule." + proto.name(), ruleValue(r)));
                v.put("others", ruleValue(p.others()));
            }
        }
        return v;
    }

    private static String ruleValue(AccessPolicy.Rule r) {
        return r.action() == AccessPolicy.Action.ALLOW_FROM_GROUP ? "group:" + r.ipGroup() : r.action().name();
    }

    private static AccessPolicy.Rule rule(String value) {
        if (value.startsWith("group:")) return new AccessPolicy.Rule(AccessPolicy.Action.ALLOW_FROM_GROUP, value.substring(6));
        return new AccessPolicy.Rule(AccessPolicy.Action.valueOf(value), null);
    }

    private static Outcome save(Call c, Kind k, String existing) throws Exception {
        Form f = c.form();
        String name = existing != null ? existing : f.get("name");
        FormView view = FormView.of(f.echo(), true);
        if (name.isEmpty()) return edit(c, k, null, view.failed(Map.of("name", "a name is required")), null, 400);
        Object body;
        try {
            body = switch (k.id()) {
                case "ipgroups" -> new IpGroup(name, f.get("description"), f.lines("entries", false));
                case "timeranges" -> new TimeRange(name, f.get("description"), TimeRangeText.parse(f.lines("intervals", false)));
                default -> {
                    Map<AccessPolicy.Protocol, AccessPolicy.Rule> rules = new EnumMap<>(AccessPolicy.Protocol.class);
                    for (AccessPolicy.Protocol p : AccessPolicy.Protocol.values()) {
                        String v = f.get("rule." + p.name());
                        if (!v.isEmpty()) rules.put(p, rule(v));
                    }
                    yield new AccessPolicy(name, rules, rule(f.get("others")));
                }
            };
        } catch (IllegalArgumentException e) {
            String field = k == TIMERANGES ? "intervals" : "others";
            return edit(c, k, existing, view.failed(Map.of(field, e.getMessage())), null, 400);
        }
        try {
            if (existing == null && exists(c, k, name)) throw Problem.invalid("name", "a " + k.singular() + " with this name already exists");
            c.api("PUT", k.apiPath() + "/" + Paths.seg(name), body);
            return c.done("/admin/" + k.id() + "/" + Paths.seg(name), "The " + k.singular() + " " + name + " was saved.");
        } catch (Problem p) {
            List<String> fields = new ArrayList<>(List.of("name", "description", "entries", "intervals", "others"));
            for (AccessPolicy.Protocol pr : AccessPolicy.Protocol.values()) fields.add("rule." + pr.name());
            FormView failed = view.failed(p, fields);
            if (k == TIMERANGES && p.errors().stream().anyMatch(e -> e.field().startsWith("intervals["))) {
                Map<String, String> errs = new LinkedHashMap<>(failed.errors());
                p.errors().stream().filter(e -> e.field().startsWith("intervals[")).findFirst().ifPresent(e -> errs.put("intervals",
                        "line " + (Integer.parseInt(e.field().replaceAll("\\D", "")) + 1) + ": " + e.message()));
                failed = new FormView(failed.values(), errs, "Nothing was saved: correct the fields marked below.", true);
            }
            return edit(c, k, existing, failed, null, p.kind().status);
        }
    }

    private static boolean exists(Call c, Kind k, String name) {
        return switch (k.id()) {
            case "ipgroups" -> c.ctx().ipGroups().get(name).isPresent();
            case "timeranges" -> c.ctx().timeRanges().get(name).isPresent();
            default -> c.ctx().policies().exists(name);
        };
    }

    private static Outcome edit(Call c, Kind k, String name, FormView form, String actionError, int status) {
        List<Option> ruleOptions = new ArrayList<>();
        ruleOptions.add(new Option("ALLOW", "Allow"));
        ruleOptions.add(new Option("DENY", "Deny"));
        for (IpGroup g : c.ctx().ipGroups().list()) ruleOptions.add(new Option("group:" + g.name(), "Allow only from " + g.name()));
        List<String> protocols = java.util.Arrays.stream(AccessPolicy.Protocol.values()).map(Enum::name).toList();
        EditPage m = new EditPage(k, name, name == null, form, ruleOptions, protocols, actionError);
        Frame f = c.frame(name == null ? "New " + k.singular() : k.title() + ": " + name, k.id());
        return Outcome.page(status, out -> JtedefinitionGenerated.render(out, null, f, m));
    }
}
