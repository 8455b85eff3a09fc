package org.switchboard.imap.handler;

import org.switchboard.store.mail.SpecialUse;

/** Small facts about client mailbox names shared by several handlers. */
final class Names {
    private Names() {
    }

    /** Whether a name lies in the other-users, public or archive namespace. */
    static boolean shared(String name) {
        return name.startsWith(MailboxAccess.OTHER_PREFIX) || name.regionMatches(true, 0, MailboxAccess.PUBLIC_PREFIX, 0, MailboxAccess.PUBLIC_PREFIX.length())
                || name.equalsIgnoreCase("#public")
                || name.regionMatches(true, 0, MailboxAccess.ARCHIVE_PREFIX, 0, MailboxAccess.ARCHIVE_PREFIX.length())
                || name.equalsIgnoreCase("#archive");
    }

    /** RFC 6154 attribute to role; null for none we keep. */
    static SpecialUse specialUse(String attribute) {
        for (SpecialUse u : SpecialUse.values()) if (u.attribute != null && u.attribute.equalsIgnoreCase(attribute)) return u;
        return null;
    }
}
