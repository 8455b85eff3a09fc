package org.switchboard.store.mail.embedded;

import java.util.ArrayList;
import java.util.List;
import org.switchboard.store.mail.MailStoreException;

/**
 * Mailbox path rules: '/' is the hierarchy delimiter, "INBOX" is case-insensitive also as the
 * first component of a path (RFC 9051 §5.1), and names carry no LIST wildcards (RFC 9051 §6.3.9)
 * or control characters. Stored names are the normalized form.
 */
final class MailboxNames {
    static final String INBOX = "INBOX";
    static final int MAX_LENGTH = 1000;
    static final int MAX_DEPTH = 32;

    private MailboxNames() {}

    static String normalize(String name) {
        if (name == null || name.isEmpty()) throw new MailStoreException.Invalid("empty mailbox name");
        if (name.length() > MAX_LENGTH) throw new MailStoreException.Invalid("mailbox name longer than " + MAX_LENGTH);
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            throw new MailStoreException.Invalid("mailbox name has an empty level: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < ' ' || c == 0x7f || c == '*' || c == '%') {
                throw new MailStoreException.Invalid("mailbox name contains a forbidden character: " + name);
            }
        }
        if (name.chars().filter(c -> c == '/').count() >= MAX_DEPTH) {
            throw new MailStoreException.Invalid("mailbox name nested deeper than " + MAX_DEPTH + " levels");
        }
        if (name.equalsIgnoreCase(INBOX)) return INBOX;
        if (name.regionMatches(true, 0, INBOX + "/", 0, INBOX.length() + 1)) return INBOX + name.substring(INBOX.length());
        return name;
    }

    static boolean inbox(String normalized) { return normalized.equals(INBOX); }

    /** "a/b/c" gives "a", "a/b". */
    static List<String> parents(String normalized) {
        List<String> out = new ArrayList<>();
        for (int i = normalized.indexOf('/'); i >= 0; i = normalized.indexOf('/', i + 1)) out.add(normalized.substring(0, i));
        return out;
    }
}
