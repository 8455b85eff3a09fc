package org.switchboard.store.mail.embedded;

import org.switchboard.store.mail.MailStoreException;

/**
 * RFC 4314 rights strings. The obsolete RFC 2086 rights are expanded to their groups
 * (§2.1.1: "c" to "kx", "d" to "xte"); any other letter is refused.
 */
final class Rights {
    static final String ALL = "lrswipkxtea";

    private Rights() {}

    static String normalize(String rights) {
        if (rights == null) return "";
        StringBuilder granted = new StringBuilder();
        for (int i = 0; i < rights.length(); i++) {
            char c = rights.charAt(i);
            String expanded = switch (c) {
                case 'c' -> "kx";
                case 'd' -> "xte";
                default -> {
                    if (ALL.indexOf(c) < 0) throw new MailStoreException.Invalid("unknown right '" + c + "'");
                    yield String.valueOf(c);
                }
            };
            for (char e : expanded.toCharArray()) if (granted.indexOf(String.valueOf(e)) < 0) granted.append(e);
        }
        StringBuilder ordered = new StringBuilder();
        for (char c : ALL.toCharArray()) if (granted.indexOf(String.valueOf(c)) >= 0) ordered.append(c);
        return ordered.toString();
    }

    static void checkIdentifier(String identifier) {
        if (identifier == null || identifier.isBlank() || identifier.length() > 320) {
            throw new MailStoreException.Invalid("bad ACL identifier");
        }
        if (identifier.startsWith("-")) throw new MailStoreException.Invalid("negative rights are not supported");
        for (int i = 0; i < identifier.length(); i++) {
            if (identifier.charAt(i) <= ' ') throw new MailStoreException.Invalid("bad ACL identifier: " + identifier);
        }
    }
}
