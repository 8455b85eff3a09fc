package org.switchboard.smtp.delivery;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.User;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MailboxRights;

/**
 * Sieve fileinto targets outside the user's own folders, named as IMAP shows them: another user's
 * folder shared with them ("~owner@domain/Folder") and public folders ("#public/Folder"). Filing
 * needs the RFC 4314 'i' right; flags the user may not set there are dropped as APPEND does
 * (§4: \Seen needs 's', \Deleted 't', the others 'w'). Nothing is created. Stateless; thread-safe.
 */
final class SharedFolders {
    static final String OTHER_PREFIX = "~";
    static final String PUBLIC_PREFIX = Router.PUBLIC_FOLDERS + "/";

    /** Where to append, with the flags that survive the user's rights. */
    record Target(long mailboxId, Set<String> flags) {}

    private final Directory directory;
    private final MailStore store;

    SharedFolders(Directory directory, MailStore store) {
        this.directory = directory;
        this.store = store;
    }

    /** True for a name in the other users' or the public namespace. */
    static boolean names(String folder) {
        return folder.startsWith(OTHER_PREFIX) || folder.regionMatches(true, 0, PUBLIC_PREFIX, 0, PUBLIC_PREFIX.length());
    }

    /** The folder {@code userId} may insert into under {@code name}; empty when it does not exist or the right is missing. */
    Optional<Target> insertable(String userId, String name, Set<String> flags) {
        Optional<Mailbox> box = mailbox(name);
        if (box.isEmpty()) return Optional.empty();
        String rights = box.get().owner().equals(userId) ? MailboxRights.ALL
                : MailboxRights.of(store.acl(box.get().id()), MailboxRights.identifiers(directory, userId));
        if (rights.indexOf('i') < 0) return Optional.empty();
        Set<String> allowed = new LinkedHashSet<>();
        for (String f : flags) {
            char needed = f.equalsIgnoreCase("\\Seen") ? 's' : f.equalsIgnoreCase("\\Deleted") ? 't' : 'w';
            if (rights.indexOf(needed) >= 0) allowed.add(f);
        }
        return Optional.of(new Target(box.get().id(), allowed));
    }

    private Optional<Mailbox> mailbox(String name) {
        if (!name.startsWith(OTHER_PREFIX)) return store.mailbox(Router.PUBLIC_FOLDERS, name.substring(PUBLIC_PREFIX.length()));
        int slash = name.indexOf('/');
        if (slash < 0 || slash == name.length() - 1) return Optional.empty();
        Optional<User> owner = directory.user(name.substring(OTHER_PREFIX.length(), slash));
        return owner.flatMap(u -> store.mailbox(u.id(), name.substring(slash + 1)));
    }
}
