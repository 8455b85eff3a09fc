package org.switchboard.store.mail;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Group;

/**
 * A user's RFC 4314 rights on a mailbox they do not own: the union of the ACL entries
 * ({@link MailStore#acl}) naming the user, one of their groups, "authuser" or "anyone" (§2).
 * IMAP and Sieve delivery ask the same question here. Pure.
 */
public final class MailboxRights {
    /** Every right, in the order RFC 4314 §2.1 lists them; the owner's. */
    public static final String ALL = "lrswipkxtea";

    private MailboxRights() {}

    /** The ACL identifiers that apply to a user: their id, their groups as "group:id", "authuser" and "anyone". */
    public static Set<String> identifiers(Directory directory, String userId) {
        Set<String> ids = new HashSet<>();
        ids.add(userId);
        ids.add("anyone");
        ids.add("authuser");
        directory.userById(userId).ifPresent(u -> {
            for (Group g : directory.groupsOf(u)) ids.add("group:" + g.id());
        });
        return ids;
    }

    /** The rights letters granted to {@code identifiers} by {@code acl}, in canonical order. */
    public static String of(Map<String, String> acl, Set<String> identifiers) {
        StringBuilder granted = new StringBuilder();
        acl.forEach((id, r) -> {
            if (identifiers.contains(id)) granted.append(r);
        });
        StringBuilder ordered = new StringBuilder();
        for (char c : ALL.toCharArray()) if (granted.indexOf(String.valueOf(c)) >= 0) ordered.append(c);
        return ordered.toString();
    }
}
