package org.switchboard.core.directory;

import java.util.List;
import org.switchboard.core.Actor;
import org.switchboard.core.store.MetadataStore;
import org.switchboard.core.store.StoredSet;

/** The clean-out settings of domains (defaults) and users (overrides); the mail store's job applies them. */
public final class CleanOutPolicies {
    /** Stored entry: the key is "domain:NAME" or "user:ID". */
    record Entry(String key, CleanOut cleanOut) {}

    private final StoredSet<Entry> set;
    private final Directory directory;

    public CleanOutPolicies(MetadataStore store, Directory directory) {
        this.set = new StoredSet<>(store, "cleanout", "clean-out of", Entry.class, Entry::key);
        this.directory = directory;
        directory.onDomainRenamed((from, to) -> renamed(Actor.SERVER, from, to));
    }

    public CleanOut forDomain(String domain) {
        return set.get("domain:" + domain).map(Entry::cleanOut).orElse(CleanOut.INHERIT);
    }

    public CleanOut ownOf(User u) { return set.get("user:" + u.id()).map(Entry::cleanOut).orElse(CleanOut.INHERIT); }

    /** What applies to a user: their overrides over their domain's defaults. */
    public CleanOut effective(User u) { return ownOf(u).over(forDomain(u.domain())); }

    public CleanOut setDomain(Actor actor, String domain, CleanOut c) {
        Domain d = directory.requireDomain(domain);
        set.put(actor, new Entry("domain:" + d.name(), c == null ? CleanOut.INHERIT : c), (x, all) -> {});
        return forDomain(d.name());
    }

    public CleanOut setUser(Actor actor, User u, CleanOut c) {
        set.put(actor, new Entry("user:" + u.id(), c == null ? CleanOut.INHERIT : c), (x, all) -> {});
        return ownOf(u);
    }

    /** After a domain rename the defaults follow the domain. */
    public void renamed(Actor actor, String from, String to) {
        CleanOut c = forDomain(from);
        if (c.equals(CleanOut.INHERIT)) return;
        set.put(actor, new Entry("domain:" + to, c), (x, all) -> {});
        set.remove(actor, "domain:" + from, (n, x) -> {});
    }

    /** One folder role and its days, for the job. */
    public record Rule(String role, int days) {}

    public static List<Rule> rules(CleanOut c) {
        return List.of(new Rule("TRASH", CleanOut.days(c.trashDays())), new Rule("JUNK", CleanOut.days(c.junkDays())),
                new Rule("SENT", CleanOut.days(c.sentDays())), new Rule("*", CleanOut.days(c.allDays())));
    }

}
