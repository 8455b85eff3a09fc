package org.switchboard.store.mail.embedded;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.switchboard.store.mail.MailStoreException;
import org.switchboard.store.mail.MessageFlags;

/**
 * Flag sets as stored: system flags in their canonical spelling (RFC 9051 §2.3.2), keywords as
 * atoms, compared case-insensitively, kept as one space-separated column. \Recent is not a
 * storable flag in IMAP4rev2 and is refused with the other unknown system flags.
 */
final class Flags {
    static final int MAX_FLAGS = 100;
    private static final int MAX_KEYWORD = 100;
    private static final String ATOM_SPECIALS = "(){ %*\"\\]";

    private Flags() {}

    static Set<String> normalize(Collection<String> flags) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (flags == null) return Collections.unmodifiableSet(out);
        for (String f : flags) {
            if (f == null || f.isEmpty()) throw new MailStoreException.Invalid("empty flag");
            if (f.charAt(0) == '\\') {
                String system = MessageFlags.SYSTEM.stream().filter(s -> s.equalsIgnoreCase(f)).findFirst()
                        .orElseThrow(() -> new MailStoreException.Invalid("unknown system flag " + f));
                out.add(system);
            } else {
                if (f.length() > MAX_KEYWORD) throw new MailStoreException.Invalid("keyword longer than " + MAX_KEYWORD);
                for (int i = 0; i < f.length(); i++) {
                    char c = f.charAt(i);
                    if (c <= ' ' || c >= 127 || ATOM_SPECIALS.indexOf(c) >= 0) {
                        throw new MailStoreException.Invalid("keyword is not an atom: " + f);
                    }
                }
                out.add(f);
            }
        }
        if (out.size() > MAX_FLAGS) throw new MailStoreException.Invalid("more than " + MAX_FLAGS + " flags");
        return Collections.unmodifiableSet(out);
    }

    static String format(Set<String> flags) { return String.join(" ", flags); }

    static Set<String> parse(String column) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (!column.isEmpty()) Collections.addAll(out, column.split(" "));
        return Collections.unmodifiableSet(out);
    }

    static boolean seen(Set<String> flags) { return flags.contains(MessageFlags.SEEN); }
}
