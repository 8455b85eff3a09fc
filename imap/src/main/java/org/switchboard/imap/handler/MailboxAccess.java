package org.switchboard.imap.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.User;
import org.switchboard.core.mail.MailArchive;
import org.switchboard.imap.ImapSession;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MailboxRights;

/**
 * Mailbox names as clients see them and the rights behind them. Four namespaces (RFC 2342, NAMESPACE
 * response): personal ("" — the store's own names), other users ("~owner@domain/Name"), public
 * folders ("#public/Name", owned by the store account {@value #PUBLIC_OWNER}) and, only for users with the
 * archive right, the archive folders ("#archive/2026-11-16", read-only: rights {@value #ARCHIVE_RIGHTS}).
 * Rights follow RFC 4314: the owner has all of them; anyone else the union of the ACL entries naming them,
 * their groups, "authuser" and "anyone". To a user without the archive right the archive does not exist.
 */
final class MailboxAccess {
    static final String OTHER_PREFIX = "~";
    static final String PUBLIC_PREFIX = "#public/";
    static final String PUBLIC_OWNER = "#public";
    static final String ARCHIVE_PREFIX = "#archive/";
    static final String ARCHIVE_OWNER = MailArchive.OWNER;
    /** Archived mail is evidence: look up, read, mark seen, nothing else (RFC 4314 §2.1). */
    static final String ARCHIVE_RIGHTS = "lrs";
    static final String ALL_RIGHTS = MailboxRights.ALL;
    static final char DELIMITER = '/';

    /** A mailbox the user can see, under the name the client uses, with the user's rights on it. */
    record Target(Mailbox mailbox, String clientName, boolean own, String rights) {
        boolean has(char right) { return rights.indexOf(right) >= 0; }
    }

    private MailboxAccess() {
    }

    /** The mailbox a client name denotes, if it exists and the user may know it exists (any right). */
    static Optional<Target> find(ImapSession s, String name) {
        MailStore store = s.context().store();
        if (name.startsWith(OTHER_PREFIX)) {
            int slash = name.indexOf(DELIMITER);
            if (slash < 0) return Optional.empty();
            Optional<User> owner = directory(s).user(name.substring(OTHER_PREFIX.length(), slash));
            if (owner.isEmpty() || owner.get().id().equals(s.account())) return Optional.empty();
            return shared(s, store.mailbox(owner.get().id(), name.substring(slash + 1)), name);
        }
        if (name.regionMatches(true, 0, ARCHIVE_PREFIX, 0, ARCHIVE_PREFIX.length())) {
            if (!archiveAccess(s)) return Optional.empty();
            return store.mailbox(ARCHIVE_OWNER, name.substring(ARCHIVE_PREFIX.length()))
                    .map(m -> new Target(m, ARCHIVE_PREFIX + m.name(), false, ARCHIVE_RIGHTS));
        }
        if (name.regionMatches(true, 0, PUBLIC_PREFIX, 0, PUBLIC_PREFIX.length())) {
            return shared(s, store.mailbox(PUBLIC_OWNER, name.substring(PUBLIC_PREFIX.length())), PUBLIC_PREFIX + name.substring(PUBLIC_PREFIX.length()));
        }
        return store.mailbox(s.account(), name).map(m -> new Target(m, clientName(s, m), true, ALL_RIGHTS));
    }

    /**
     * The mailbox, with {@code right} required (RFC 4314 §4). A mailbox the user cannot see at all is
     * reported as nonexistent so its existence does not leak.
     */
    static Target require(ImapSession s, String name, char right) {
        Target t = find(s, name).orElseThrow(() -> CommandFailure.no("NONEXISTENT", "no such mailbox"));
        if (!t.has(right)) throw CommandFailure.no("NOPERM", "permission denied (needs right '" + right + "')");
        return t;
    }

    /** Every mailbox the user can list: own ones, then shared and public ones with the 'l' right. */
    static List<Target> all(ImapSession s) {
        MailStore store = s.context().store();
        List<Target> out = new ArrayList<>();
        for (Mailbox m : store.mailboxes(s.account())) out.add(new Target(m, m.name(), true, ALL_RIGHTS));
        Set<String> ids = identifiers(s);
        for (Mailbox m : store.visibleTo(ids)) {
            if (m.owner().equals(s.account())) continue;
            String rights = rights(store.acl(m.id()), ids);
            if (rights.indexOf('l') < 0) continue;
            out.add(new Target(m, clientName(s, m), false, rights));
        }
        if (archiveAccess(s)) {
            for (Mailbox m : store.mailboxes(ARCHIVE_OWNER)) out.add(new Target(m, ARCHIVE_PREFIX + m.name(), false, ARCHIVE_RIGHTS));
        }
        return out;
    }

    /** The client's name for a store mailbox. */
    static String clientName(ImapSession s, Mailbox m) {
        if (m.owner().equals(s.account())) return m.name();
        if (m.owner().equals(PUBLIC_OWNER)) return PUBLIC_PREFIX + m.name();
        if (m.owner().equals(ARCHIVE_OWNER)) return ARCHIVE_PREFIX + m.name();
        String owner = directory(s).userById(m.owner()).map(User::address).orElse(m.owner());
        return OTHER_PREFIX + owner + DELIMITER + m.name();
    }

    /** The ACL identifiers that apply to the logged-in user (RFC 4314 §2: user, groups, authuser, anyone). */
    static Set<String> identifiers(ImapSession s) {
        return MailboxRights.identifiers(directory(s), s.account());
    }

    static String rights(Map<String, String> acl, Set<String> ids) {
        return MailboxRights.of(acl, ids);
    }

    /** An IMAP ACL identifier as the store keeps it: user address to user id, "group:address" to "group:id". */
    static String storeIdentifier(ImapSession s, String identifier) {
        String lower = identifier.toLowerCase(Locale.ROOT);
        if (lower.equals("anyone") || lower.equals("authuser")) return lower;
        Directory d = directory(s);
        if (lower.startsWith("group:")) {
            return d.group(identifier.substring(6)).map(g -> "group:" + g.id())
                    .orElseThrow(() -> CommandFailure.no(null, "no such group: " + identifier.substring(6)));
        }
        return d.user(identifier).map(User::id).orElseThrow(() -> CommandFailure.no(null, "no such user: " + identifier));
    }

    /** The identifier as clients see it. */
    static String clientIdentifier(ImapSession s, String stored) {
        Directory d = directory(s);
        if (stored.startsWith("group:")) {
            return d.groups(null).stream().filter(g -> g.id().equals(stored.substring(6))).findFirst()
                    .map(g -> "group:" + g.address()).orElse(stored);
        }
        return d.userById(stored).map(User::address).orElse(stored);
    }

    /** The user's "Archive folders" right, read from the directory at each use so a change applies at once. */
    static boolean archiveAccess(ImapSession s) {
        Directory d = directory(s);
        return d.userById(s.account()).map(d::readsArchive).orElse(false);
    }

    static Directory directory(ImapSession s) {
        return s.context().auth().directory();
    }

    private static Optional<Target> shared(ImapSession s, Optional<Mailbox> mailbox, String clientName) {
        if (mailbox.isEmpty()) return Optional.empty();
        String rights = rights(s.context().store().acl(mailbox.get().id()), identifiers(s));
        if (rights.isEmpty()) return Optional.empty();
        return Optional.of(new Target(mailbox.get(), clientName, false, rights));
    }
}
