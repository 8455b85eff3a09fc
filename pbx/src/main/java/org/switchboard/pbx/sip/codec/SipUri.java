package org.switchboard.pbx.sip.codec;

import java.util.Locale;

/**
 * A sip: or sips: URI (RFC 3261 §19.1). The user part keeps its escapes as received (compare with
 * {@link #userUnescaped()}); {@code port} is -1 when absent; {@code headers} is the raw text after "?" or null.
 * IPv6 hosts keep their brackets.
 */
public record SipUri(String scheme, String user, String password, String host, int port, Params params, String headers) {
    public SipUri {
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (params == null) params = Params.NONE;
    }

    public static SipUri of(String user, String host, int port) {
        return new SipUri("sip", user, null, host, port, Params.NONE, null);
    }

    public String userUnescaped() { return user == null ? null : Grammar.unescape(user); }

    public SipUri withParams(Params p) { return new SipUri(scheme, user, password, host, port, p, headers); }

    public SipUri withUser(String u) { return new SipUri(scheme, u, password, host, port, params, headers); }

    /** The host without IPv6 brackets, for socket addresses. */
    public String hostAddress() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public static SipUri parse(String raw) throws SipParseException {
        int colon = raw.indexOf(':');
        if (colon < 0) throw new SipParseException("URI without scheme: " + clip(raw));
        String scheme = raw.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) throw new SipParseException("not a SIP URI: " + clip(raw));
        String rest = raw.substring(colon + 1);
        String user = null;
        String password = null;
        // '@' cannot appear unescaped in host, parameters or headers, so the last one ends the userinfo even when
        // the user part holds '?', ';' or ',' (RFC 4475 §3.1.1.2).
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int pc = userinfo.indexOf(':');
            user = pc < 0 ? userinfo : userinfo.substring(0, pc);
            password = pc < 0 ? null : userinfo.substring(pc + 1);
            if (user.isEmpty()) throw new SipParseException("empty user part in " + clip(raw));
            if (!Grammar.escapedChars(user, "-_.!~*'()&=+$,;?/")) throw new SipParseException("bad character in URI user part: " + clip(raw));
            if (password != null && !Grammar.escapedChars(password, "-_.!~*'()&=+$,")) {
                throw new SipParseException("bad character in URI password: " + clip(raw));
            }
        }
        String headers = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            headers = rest.substring(q + 1);
            rest = rest.substring(0, q);
            if (!Grammar.escapedChars(headers, "[]/?:+$-_.!~*'()&=")) throw new SipParseException("bad URI headers in " + clip(raw));
        }
        String hostport;
        String params = "";
        int hostEnd;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw new SipParseException("unterminated IPv6 reference in " + clip(raw));
            hostEnd = rest.indexOf(';', close);
        } else {
            hostEnd = rest.indexOf(';');
        }
        if (hostEnd >= 0) {
            hostport = rest.substring(0, hostEnd);
            params = rest.substring(hostEnd + 1);
        } else {
            hostport = rest;
        }
        String host = hostport;
        int port = -1;
        int pc = hostport.startsWith("[") ? hostport.indexOf(':', hostport.indexOf(']')) : hostport.indexOf(':');
        if (pc >= 0) {
            host = hostport.substring(0, pc);
            port = Grammar.port(hostport.substring(pc + 1));
        }
        if (!Grammar.isHost(host)) throw new SipParseException("bad host '" + clip(host) + "' in " + clip(raw));
        return new SipUri(scheme, user, password, host, port, Params.parseUri(params), headers);
    }

    static String clip(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
        return b.toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(scheme).append(':');
        if (user != null) {
            b.append(user);
            if (password != null) b.append(':').append(password);
            b.append('@');
        }
        b.append(host);
        if (port >= 0) b.append(':').append(port);
        b.append(params);
        if (headers != null) b.append('?').append(headers);
        return b.toString();
    }
}
