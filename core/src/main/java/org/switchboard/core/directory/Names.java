package org.switchboard.core.directory;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;
import org.switchboard.core.error.Problem;

/** Validation and normalisation of domain names, user names and alias patterns. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    // Guide: user names are case-insensitive, no spaces or special characters.
    private static final Pattern LOCAL = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9_-])?");
    // Guide: alias names use a-z, 0-9, '.', '-', '_' and the wildcards '?' and '*'.
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9._?*-]{1,64}");

    private Names() {}

    /** RFC 1035 §2.3.1 / RFC 1123 host names, IDNs converted to their A-label form. */
    public static String domain(String field, String raw) {
        if (raw == null || raw.isBlank()) throw Problem.invalid(field, "a domain name is required");
        String ascii;
        try {
            ascii = IDN.toASCII(raw.trim(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(field, "'" + raw + "' is not a valid domain name");
        }
        if (ascii.endsWith(".")) ascii = ascii.substring(0, ascii.length() - 1);
        String[] labels = ascii.split("\\.", -1);
        if (ascii.length() > 253 || labels.length < 2) {
            throw Problem.invalid(field, "'" + raw + "' is not a valid domain name (expected something like example.com)");
        }
        for (String l : labels) {
            if (!LABEL.matcher(l).matches()) throw Problem.invalid(field, "'" + raw + "' is not a valid domain name");
        }
        // RFC 3696 §2: a top-level domain is never all digits, so "192.0.2.1" is an IP address, not a domain.
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw Problem.invalid(field, "'" + raw + "' is not a valid domain name (an IP address or a numeric top-level label)");
        }
        return ascii;
    }

    /**
     * The form a domain typed by someone is looked up by: trimmed, lower case, an IDN as its
     * A-label (the form {@link #domain} stores). Never throws; an unconvertible name stays as is.
     */
    static String domainKey(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.chars().allMatch(c -> c < 0x80)) return s;
        try {
            return IDN.toASCII(s).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    public static String localPart(String field, String raw) {
        String s = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) throw Problem.invalid(field, "a name is required");
        if (!LOCAL.matcher(s).matches() || s.contains("..")) {
            throw Problem.invalid(field, "'" + raw + "' may contain only letters a-z, digits, '.', '-' and '_' (at most 64)");
        }
        return s;
    }

    public static String aliasPattern(String field, String raw) {
        String s = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (!ALIAS.matcher(s).matches()) {
            throw Problem.invalid(field, "'" + raw + "' may contain only a-z, 0-9, '.', '-', '_' and the wildcards '?' and '*'");
        }
        return s;
    }

    /** Splits "local@domain" (domain as in {@link #domainKey}); a missing domain part yields null domain. */
    public static String[] split(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        return at < 0 ? new String[] {a, null} : new String[] {a.substring(0, at), domainKey(a.substring(at + 1))};
    }
}
