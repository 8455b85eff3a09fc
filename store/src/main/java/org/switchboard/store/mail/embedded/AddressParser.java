package org.switchboard.store.mail.embedded;

import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.switchboard.store.mail.MimePart.Address;

/**
 * Address lists (RFC 5322 §3.4, with the obsolete route and local-part forms) turned into the
 * ENVELOPE address structures of RFC 9051 §7.5.2. Display names keep their RFC 2047 encoded-words
 * as written (quoted strings are unquoted); group syntax becomes start and end markers with a null
 * host. Lenient: junk yields best-effort addresses, never an exception. One instance per list.
 */
final class AddressParser {
    /** Placeholders for an address without a local part or domain (as Dovecot answers). */
    static final String MISSING_MAILBOX = "MISSING_MAILBOX", MISSING_DOMAIN = "MISSING_DOMAIN";
    private static final int MAX_ADDRESSES = 10_000;

    private enum Kind { WORD, QUOTED, COMMENT, SPECIAL }

    private record Token(Kind kind, String text) {
        boolean is(char c) { return kind == Kind.SPECIAL && text.charAt(0) == c; }
    }

    private final List<Token> tokens;
    private final List<Address> out = new ArrayList<>();

    private AddressParser(String value) { this.tokens = tokenize(value); }

    static List<Address> parse(String value) {
        if (value == null || value.isBlank()) return List.of();
        AddressParser p = new AddressParser(value);
        p.run();
        return List.copyOf(p.out);
    }

    /** "Name <mailbox@host>, ..." with encoded-words decoded, for search and sort; null when empty. */
    static String display(List<Address> addresses) {
        StringBuilder sb = new StringBuilder();
        for (Address a : addresses) {
            if (a.host() == null) continue;
            if (!sb.isEmpty()) sb.append(", ");
            String addr = a.host().isEmpty() ? a.mailbox() : a.mailbox() + "@" + a.host();
            if (a.name() != null) sb.append(decodeWords(a.name())).append(" <").append(addr).append('>');
            else sb.append(addr);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    static String decodeWords(String raw) {
        if (raw == null || !raw.contains("=?")) return raw;
        try {
            return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return raw;
        }
    }

    private void run() {
        List<Token> pending = new ArrayList<>();
        String comment = null;
        boolean inGroup = false;
        boolean skipping = false;
        for (int i = 0; i < tokens.size() && out.size() < MAX_ADDRESSES; i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.COMMENT) {
                comment = t.text;
            } else if (t.is(',') || t.is(';')) {
                if (!skipping) addrSpec(pending, comment);
                pending.clear();
                comment = null;
                skipping = false;
                if (t.is(';') && inGroup) {
                    out.add(new Address(null, null, null, null));
                    inGroup = false;
                }
            } else if (skipping) {
                continue;
            } else if (t.is('<')) {
                i = angle(i + 1, phrase(pending));
                pending.clear();
                skipping = true;
            } else if (t.is(':') && !inGroup) {
                String name = phrase(pending);
                out.add(new Address(null, null, name == null ? "" : name, null));
                pending.clear();
                comment = null;
                inGroup = true;
            } else {
                pending.add(t);
            }
        }
        if (!skipping) addrSpec(pending, comment);
        if (inGroup) out.add(new Address(null, null, null, null));
    }

    /** Parses an angle-addr after '<'; returns the index of its '>' (or of the token it stopped before). */
    private int angle(int from, String name) {
        List<Token> inner = new ArrayList<>();
        int i = from;
        boolean inRoute = false;
        for (; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is('>')) break;
            if (inner.isEmpty() && t.is('@')) inRoute = true;
            if (inRoute && t.is(':')) inRoute = false;
            // A comma inside an obsolete route ("@a,@b:") belongs to it; elsewhere a missing '>' ends here.
            if (!inRoute && (t.is(',') || t.is(';'))) {
                i--;
                break;
            }
            if (t.kind != Kind.COMMENT) inner.add(t);
        }
        String adl = null;
        if (!inner.isEmpty() && inner.getFirst().is('@')) {
            int colon = 0;
            while (colon < inner.size() && !inner.get(colon).is(':')) colon++;
            if (colon < inner.size()) {
                adl = join(inner.subList(0, colon), false);
                inner = inner.subList(colon + 1, inner.size());
            }
        }
        if (inner.isEmpty()) {
            out.add(new Address(name, adl, "", ""));
        } else {
            add(name, adl, inner);
        }
        return Math.min(i, tokens.size());
    }

    private void addrSpec(List<Token> pending, String comment) {
        if (pending.isEmpty()) return;
        add(comment == null || comment.isBlank() ? null : comment.strip(), null, pending);
    }

    private void add(String name, String adl, List<Token> spec) {
        int at = -1;
        for (int i = spec.size() - 1; i >= 0 && at < 0; i--) if (spec.get(i).is('@')) at = i;
        String mailbox = join(at < 0 ? spec : spec.subList(0, at), true);
        String host = at < 0 ? MISSING_DOMAIN : join(spec.subList(at + 1, spec.size()), false);
        out.add(new Address(name, adl, mailbox.isEmpty() ? MISSING_MAILBOX : mailbox, host.isEmpty() ? MISSING_DOMAIN : host));
    }

    private static String phrase(List<Token> words) {
        StringBuilder sb = new StringBuilder();
        for (Token t : words) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(t.text);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String join(List<Token> parts, boolean requote) {
        StringBuilder sb = new StringBuilder();
        for (Token t : parts) {
            if (requote && t.kind == Kind.QUOTED) {
                sb.append('"').append(t.text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(t.text);
            }
        }
        return sb.toString();
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                StringBuilder sb = new StringBuilder();
                int depth = 0;
                for (; i < n; i++) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        sb.append(s.charAt(++i));
                        continue;
                    }
                    if (d == '(' && depth++ == 0) continue;
                    if (d == ')' && --depth == 0) {
                        i++;
                        break;
                    }
                    sb.append(d);
                }
                out.add(new Token(Kind.COMMENT, sb.toString()));
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                for (i++; i < n; i++) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        sb.append(s.charAt(++i));
                    } else if (d == '"') {
                        i++;
                        break;
                    } else {
                        sb.append(d);
                    }
                }
                out.add(new Token(Kind.QUOTED, sb.toString()));
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                int end = close < 0 ? n : close + 1;
                out.add(new Token(Kind.WORD, s.substring(i, end)));
                i = end;
            } else if ("<>:;@,".indexOf(c) >= 0) {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else if (c == ')' || c == ']' || c == '\\') {
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && "()<>[]:;@\\,\"".indexOf(s.charAt(i)) < 0) i++;
                out.add(new Token(Kind.WORD, s.substring(start, i)));
            }
        }
        return out;
    }
}
