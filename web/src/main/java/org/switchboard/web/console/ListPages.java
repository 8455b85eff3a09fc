package org.switchboard.web.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.lists.MailingList;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.MailingListRoutes;

/**
 * Mailing lists: the lists an administrator may see, and one form per list for its settings,
 * members and moderators. Saving replaces the whole list through the API's PUT, so the list
 * store's name rules and clash checks decide and nothing is saved half.
 */
final class ListPages {
    static final String LISTS_API = "/api/v1/lists";
    static final List<String> CHECKS = List.of("moderatedPosts", "moderatedSubscriptions", "openPosting", "hideSender",
            "rejectWithoutSubject", "archive");
    static final List<String> FIELDS = List.of("address", "name", "description", "welcome", "footer", "replyTo", "members", "moderators");

    record ListsPage(List<MailingList> rows, boolean canCreate) {}

    record EditPage(String address, FormView form, List<Option> replyTo) {}

    private ListPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/lists", Access.ADMIN, c -> {
                    ListsPage m = new ListsPage(Arrays.asList(c.read(LISTS_API, MailingList[].class)), canCreate(c));
                    Frame f = c.frame("Mailing lists", "lists");
                    return Outcome.page(out -> JtelistsGenerated.render(out, null, f, m));
                }),
                ConsoleRoute.get("/admin/lists/new", Access.ADMIN, c -> edit(c, null, FormView.of(Map.of("replyTo", "SENDER"), canCreate(c)), 200)),
                ConsoleRoute.post("/admin/lists/new", Access.ADMIN, c -> save(c, null)),
                ConsoleRoute.get("/admin/lists/{address}", Access.ADMIN, c -> {
                    MailingList l = c.read(LISTS_API + "/" + Paths.seg(c.param("address")), MailingList.class);
                    return edit(c, l.address(), FormView.of(values(l), c.principal().canWriteDomain(l.domain())), 200);
                }),
                ConsoleRoute.post("/admin/lists/{address}", Access.ADMIN, c -> {
                    MailingList l = c.read(LISTS_API + "/" + Paths.seg(c.param("address")), MailingList.class);
                    return save(c, l.address());
                }),
                ConsoleRoute.post("/admin/lists/{address}/remove", Access.ADMIN, c -> {
                    c.api("DELETE", LISTS_API + "/" + Paths.seg(c.param("address")), null);
                    return c.done("/admin/lists", "Mailing list " + c.param("address") + " removed.");
                }));
    }

    private static boolean canCreate(Call c) {
        return c.ctx().directory().domains().stream().anyMatch(d -> c.principal().canWriteDomain(d.name()));
    }

    private static Map<String, String> values(MailingList l) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("description", l.description());
        v.put("welcome", l.welcome());
        v.put("footer", l.footer());
        v.put("moderatedPosts", Boolean.toString(l.moderatedPosts()));
        v.put("moderatedSubscriptions", Boolean.toString(l.moderatedSubscriptions()));
        v.put("openPosting", Boolean.toString(l.openPosting()));
        v.put("hideSender", Boolean.toString(l.hideSender()));
        v.put("rejectWithoutSubject", Boolean.toString(l.rejectWithoutSubject()));
        v.put("archive", Boolean.toString(l.archive()));
        v.put("replyTo", l.replyTo().name());
        v.put("members", String.join("\n", l.members().stream()
                .map(m -> m.fullName().isEmpty() ? m.email() : m.email() + " " + m.fullName()).toList()));
        v.put("moderators", String.join("\n", l.moderators()));
        return v;
    }

    private static Outcome edit(Call c, String address, FormView form, int status) {
        EditPage m = new EditPage(address, form, List.of(new Option("SENDER", "The sender"), new Option("LIST", "The list")));
        Frame f = c.frame(address == null ? "New mailing list" : "Mailing list " + address, "lists");
        return Outcome.page(status, out -> JtelistGenerated.render(out, null, f, m));
    }

    /** Members are one per line: the address, then optionally the full name. */
    private static Outcome save(Call c, String existing) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        String address = existing != null ? existing : f.get("address");
        Map<String, String> errors = new LinkedHashMap<>();
        if (existing == null && !address.contains("@")) errors.put("address", "enter the list's address, e.g. team@example.com");
        List<MailingList.Member> members = new ArrayList<>();
        int line = 0;
        for (String l : f.lines("members", false)) {
            line++;
            String[] p = l.split("\\s+", 2);
            if (!p[0].matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                errors.putIfAbsent("members", "line " + line + ": '" + p[0] + "' is not an e-mail address");
                continue;
            }
            members.add(new MailingList.Member(p[0], p.length > 1 ? p[1] : ""));
        }
        List<String> moderators = f.lines("moderators", true);
        for (String m : moderators) {
            if (!m.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) errors.putIfAbsent("moderators", "'" + m + "' is not an e-mail address");
        }
        MailingList.ReplyTo replyTo = "LIST".equals(f.get("replyTo")) ? MailingList.ReplyTo.LIST : MailingList.ReplyTo.SENDER;
        if (!errors.isEmpty()) return edit(c, existing, view.failed(errors), 400);
        MailingListRoutes.ListSpec spec = new MailingListRoutes.ListSpec(f.get("description"), f.raw("welcome").strip(), f.raw("footer").strip(),
                f.checked("moderatedPosts"), f.checked("moderatedSubscriptions"), f.checked("openPosting"), f.checked("hideSender"),
                f.checked("rejectWithoutSubject"), replyTo, f.checked("archive"), members, moderators);
        try {
            c.api("PUT", LISTS_API + "/" + Paths.seg(address.toLowerCase(java.util.Locale.ROOT)), spec);
            return c.done("/admin/lists/" + Paths.seg(address.toLowerCase(java.util.Locale.ROOT)),
                    "Mailing list " + address + (existing == null ? " created." : " saved."));
        } catch (Problem p) {
            FormView failed = view.failed(p, FIELDS);
            Map<String, String> errs = new LinkedHashMap<>(failed.errors());
            if (errs.containsKey("name")) errs.putIfAbsent("address", errs.remove("name"));
            return edit(c, existing, new FormView(failed.values(), errs, failed.message(), failed.writable()), p.kind().status);
        }
    }
}
