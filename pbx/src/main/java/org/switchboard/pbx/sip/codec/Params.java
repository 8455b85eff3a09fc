package org.switchboard.pbx.sip.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Ordered parameters of a header value or a URI. Names compare case-insensitively (RFC 3261 §7.3.1); a
 * parameter without a value has a null value. Values keep their wire form (quoted strings keep their quotes) so a
 * value we echo back, like +sip.instance, is sent exactly as received. Immutable.
 */
public record Params(List<Param> list) {
    public static final Params NONE = new Params(List.of());

    public record Param(String name, String value) {}

    public Params {
        list = List.copyOf(list);
    }

    public boolean has(String name) {
        return list.stream().anyMatch(p -> p.name().equalsIgnoreCase(name));
    }

    /** The value (quotes removed); empty when absent or valueless. */
    public Optional<String> get(String name) {
        for (Param p : list) {
            if (p.name().equalsIgnoreCase(name)) {
                String v = p.value();
                if (v == null) return Optional.empty();
                return Optional.of(v.length() >= 2 && v.charAt(0) == '"' ? Grammar.unquote(v) : v);
            }
        }
        return Optional.empty();
    }

    /** The value as on the wire (quoted strings with quotes). */
    public Optional<String> raw(String name) {
        return list.stream().filter(p -> p.name().equalsIgnoreCase(name)).map(Param::value).filter(v -> v != null).findFirst();
    }

    public Params with(String name, String value) {
        List<Param> l = new ArrayList<>();
        boolean replaced = false;
        for (Param p : list) {
            if (p.name().equalsIgnoreCase(name)) {
                if (!replaced) l.add(new Param(p.name(), value));
                replaced = true;
            } else {
                l.add(p);
            }
        }
        if (!replaced) l.add(new Param(name, value));
        return new Params(l);
    }

    public Params without(String name) {
        return new Params(list.stream().filter(p -> !p.name().equalsIgnoreCase(name)).toList());
    }

    /** ";name=value;flag" as written on the wire. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Param p : list) {
            b.append(';').append(p.name());
            if (p.value() != null) b.append('=').append(p.value());
        }
        return b.toString();
    }

    /**
     * Header parameters: *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ], gen-value = token /
     * host / quoted-string, with optional whitespace around ";" and "=" (RFC 3261 §25.1). {@code s} must start with
     * ";" after optional whitespace, or be blank.
     */
    static Params parseHeader(String s) throws SipParseException {
        List<Param> out = new ArrayList<>();
        int i = Grammar.skipWhite(s, 0);
        while (i < s.length()) {
            if (s.charAt(i) != ';') throw new SipParseException("unexpected '" + s.charAt(i) + "' where a ';' parameter was expected");
            i = Grammar.skipWhite(s, i + 1);
            int start = i;
            while (i < s.length() && Grammar.isTokenChar(s.charAt(i))) i++;
            String name = s.substring(start, i);
            if (name.isEmpty()) throw new SipParseException("empty parameter name");
            i = Grammar.skipWhite(s, i);
            String value = null;
            if (i < s.length() && s.charAt(i) == '=') {
                i = Grammar.skipWhite(s, i + 1);
                if (i < s.length() && s.charAt(i) == '"') {
                    int end = Grammar.endOfQuoted(s, i);
                    value = s.substring(i, end);
                    i = end;
                } else {
                    int vs = i;
                    while (i < s.length() && (Grammar.isTokenChar(s.charAt(i)) || "[]:".indexOf(s.charAt(i)) >= 0)) i++;
                    value = s.substring(vs, i);
                    if (value.isEmpty()) throw new SipParseException("parameter " + name + " has '=' but no value");
                }
                i = Grammar.skipWhite(s, i);
            }
            out.add(new Param(name, value));
        }
        return new Params(out);
    }

    /** uri-parameters: *( ";" pname [ "=" pvalue ] ), no whitespace, %HH escapes allowed (RFC 3261 §19.1.1). */
    static Params parseUri(String s) throws SipParseException {
        List<Param> out = new ArrayList<>();
        if (s.isEmpty()) return NONE;
        for (String part : s.split(";", -1)) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? null : part.substring(eq + 1);
            if (name.isEmpty() || !Grammar.escapedChars(name, "[]/:&+$-_.!~*'()")) {
                throw new SipParseException("bad URI parameter '" + part + "'");
            }
            if (value != null && (value.isEmpty() || !Grammar.escapedChars(value, "[]/:&+$-_.!~*'()"))) {
                throw new SipParseException("bad URI parameter value '" + part + "'");
            }
            out.add(new Param(name, value));
        }
        return new Params(out);
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
