package org.switchboard.web.api;

import java.util.List;
import java.util.Locale;
import org.switchboard.core.error.Problem;
import org.switchboard.smtp.lists.MailingList;
import org.switchboard.smtp.lists.MailingLists;

/**
 * Mailing lists (guide part 1 §19) over the API: list, read, create or replace, remove, and
 * import members from CSV. A domain administrator sees and changes the lists of their own
 * domain; the list store's own checks (name rules, clashes with users, groups and aliases)
 * come back as field errors.
 */
public final class MailingListRoutes {
    /** A list's settings and members as a client sends them; the address comes from the path. */
    public record ListSpec(String description, String welcome, String footer, boolean moderatedPosts, boolean moderatedSubscriptions,
                           boolean openPosting, boolean hideSender, boolean rejectWithoutSubject, MailingList.ReplyTo replyTo,
                           boolean archive, List<MailingList.Member> members, List<String> moderators) {}

    public record Import(String csv) {}

    public record Imported(int added) {}

    private static final int MAX_MEMBERS = 100_000;

    private MailingListRoutes() {}

    public static List<Route> routes(MailingLists lists) {
        return List.of(
                Route.get("/api/v1/lists").doc("lists", "Mailing lists the caller may see").returns(MailingList[].class)
                        .to(ex -> Reply.json(lists.list().stream().filter(l -> ex.principal().canReadDomain(l.domain())).toList())),
                Route.get("/api/v1/lists/{address}").doc("lists", "One mailing list with its members").returns(MailingList.class).to(ex -> {
                    MailingList l = find(lists, ex.param("address"));
                    ex.requireDomainRead(l.domain());
                    return Reply.json(l);
                }),
                Route.put("/api/v1/lists/{address}").doc("lists", "Create or replace a mailing list").body(ListSpec.class)
                        .returns(MailingList.class).to(ex -> {
                            String[] at = address(ex.param("address"));
                            ex.requireDomainWrite(at[1]);
                            ListSpec s = ex.json(ListSpec.class);
                            List<MailingList.Member> members = s.members() == null ? List.of() : s.members();
                            if (members.size() > MAX_MEMBERS) throw Problem.invalid("members", "at most " + MAX_MEMBERS + " members");
                            for (MailingList.Member m : members) {
                                if (m == null || m.email() == null || !m.email().matches("[^@\\s]+@[^@\\s]+")) {
                                    throw Problem.invalid("members", "every member needs an e-mail address");
                                }
                            }
                            List<String> moderators = s.moderators() == null ? List.of() : s.moderators();
                            if (moderators.stream().anyMatch(m -> m == null || !m.strip().matches("[^@\\s]+@[^@\\s]+"))) {
                                throw Problem.invalid("moderators", "every moderator must be an e-mail address");
                            }
                            boolean existed = lists.get(at[0] + "@" + at[1]).isPresent();
                            MailingList l = new MailingList(at[0], at[1], s.description(), s.welcome(), s.footer(), s.moderatedPosts(),
                                    s.moderatedSubscriptions(), s.openPosting(), s.hideSender(), s.rejectWithoutSubject(), s.replyTo(),
                                    s.archive(), members, moderators);
                            try {
                                return Reply.json(existed ? 200 : 201, lists.put(ex.actor(), l));
                            } catch (IllegalArgumentException e) {
                                throw Problem.invalid(e.getMessage().startsWith("list name") ? "name" : "address", e.getMessage());
                            }
                        }),
                Route.delete("/api/v1/lists/{address}").doc("lists", "Remove a mailing list").to(ex -> {
                    MailingList l = find(lists, ex.param("address"));
                    ex.requireDomainWrite(l.domain());
                    lists.remove(ex.actor(), l.address());
                    return Reply.noContent();
                }),
                Route.post("/api/v1/lists/{address}/members/import")
                        .doc("lists", "Add members from CSV text with an Email (and optional FullName) column").body(Import.class)
                        .returns(Imported.class).to(ex -> {
                            MailingList l = find(lists, ex.param("address"));
                            ex.requireDomainWrite(l.domain());
                            String csv = ex.json(Import.class).csv();
                            if (csv == null) throw Problem.invalid("csv", "the CSV text is required");
                            try {
                                return Reply.json(new Imported(lists.importMembers(ex.actor(), l.address(), csv)));
                            } catch (IllegalArgumentException e) {
                                throw Problem.invalid("csv", e.getMessage());
                            }
                        }));
    }

    private static MailingList find(MailingLists lists, String address) {
        return lists.get(address).orElseThrow(() -> Problem.notFound("mailing list " + address));
    }

    /** {@code name@domain}, lower-cased, as its two parts. */
    private static String[] address(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        int at = a.indexOf('@');
        if (at <= 0 || at != a.lastIndexOf('@') || at == a.length() - 1 || a.length() > 254) {
            throw Problem.invalid("address", "write the list's address as name@domain");
        }
        return new String[] {a.substring(0, at), a.substring(at + 1)};
    }
}
