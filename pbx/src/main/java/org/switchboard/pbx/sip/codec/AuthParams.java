package org.switchboard.pbx.sip.codec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The value of Authorization, Proxy-Authorization, WWW-Authenticate or Proxy-Authenticate: a scheme and its
 * comma-separated auth-params (RFC 3261 §25.1, RFC 7616 §3.4). Parameter names are lower-cased; quoted values are
 * unquoted. Unknown schemes parse too (RFC 4475 §3.3.7); the caller decides.
 */
public record AuthParams(String scheme, Map<String, String> params) {
    private static final int MAX_PARAMS = 32;

    public AuthParams {
        params = Map.copyOf(params);
    }

    public Optional<String> get(String name) { return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT))); }

    public boolean isDigest() { return scheme.equalsIgnoreCase("Digest"); }

    public static AuthParams parse(String value) throws SipParseException {
        String s = value.strip();
        int sp = 0;
        while (sp < s.length() && Grammar.isTokenChar(s.charAt(sp))) sp++;
        String scheme = s.substring(0, sp);
        if (scheme.isEmpty()) throw new SipParseException("authorization without a scheme");
        Map<String, String> params = new LinkedHashMap<>();
        int i = Grammar.skipWhite(s, sp);
        while (i < s.length()) {
            int ns = i;
            while (i < s.length() && Grammar.isTokenChar(s.charAt(i))) i++;
            String name = s.substring(ns, i).toLowerCase(Locale.ROOT);
            i = Grammar.skipWhite(s, i);
            if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') throw new SipParseException("malformed auth-param in " + scheme + " credentials");
            i = Grammar.skipWhite(s, i + 1);
            String v;
            if (i < s.length() && s.charAt(i) == '"') {
                int end = Grammar.endOfQuoted(s, i);
                v = Grammar.unquote(s.substring(i, end));
                i = end;
            } else {
                int vs = i;
                while (i < s.length() && s.charAt(i) != ',' && !Grammar.isWhite(s.charAt(i))) i++;
                v = s.substring(vs, i);
            }
            if (params.size() >= MAX_PARAMS) throw new SipParseException("too many auth-params");
            if (params.putIfAbsent(name, v) != null) throw new SipParseException("auth-param " + name + " appears twice");
            i = Grammar.skipWhite(s, i);
            if (i < s.length()) {
                if (s.charAt(i) != ',') throw new SipParseException("auth-params must be separated by commas");
                i = Grammar.skipWhite(s, i + 1);
            }
        }
        return new AuthParams(scheme, params);
    }
}
