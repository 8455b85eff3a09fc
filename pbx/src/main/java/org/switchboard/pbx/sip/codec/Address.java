package org.switchboard.pbx.sip.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * name-addr or addr-spec with header parameters: the value of From, To, Contact, Route, Record-Route, Refer-To
 * (RFC 3261 §20.10, §25.1). {@code uri} is the URI text; {@code sipUri} its parsed form when the scheme is sip or
 * sips (other schemes are legal, RFC 4475 §3.3.4). {@code displayName} is unquoted; empty when absent.
 */
public record Address(String displayName, String uri, SipUri sipUri, Params params) {
    public Address {
        if (displayName == null) displayName = "";
        if (params == null) params = Params.NONE;
    }

    public static Address of(SipUri uri) {
        return new Address("", uri.toString(), uri, Params.NONE);
    }

    public static Address of(String displayName, SipUri uri) {
        return new Address(displayName, uri.toString(), uri, Params.NONE);
    }

    public Optional<String> tag() { return params.get("tag"); }

    public Address withParams(Params p) { return new Address(displayName, uri, sipUri, p); }

    public Address withTag(String tag) { return withParams(params.with("tag", tag)); }

    /** Always written as name-addr, which is never ambiguous. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (!displayName.isEmpty()) b.append(Grammar.quote(displayName)).append(' ');
        return b.append('<').append(uri).append('>').append(params).toString();
    }

    public static Address parse(String value) throws SipParseException {
        String s = value.strip();
        String display = "";
        int lt;
        if (s.startsWith("\"")) {
            int end = Grammar.endOfQuoted(s, 0);
            display = Grammar.unquote(s.substring(0, end));
            lt = Grammar.skipWhite(s, end);
            if (lt >= s.length() || s.charAt(lt) != '<') throw new SipParseException("quoted display name not followed by <URI>");
        } else {
            lt = s.indexOf('<');
            if (lt >= 0) {
                String words = s.substring(0, lt).strip();
                // RFC 4475 §3.1.1.6: a token directly followed by '<' is accepted although the 3261 ABNF wants LWS.
                for (String w : words.split("[ \t]+")) {
                    if (!w.isEmpty() && !Grammar.isToken(w)) {
                        throw new SipParseException("display name '" + SipUri.clip(words) + "' must be quoted");
                    }
                }
                display = words.replaceAll("[ \t]+", " ");
            }
        }
        String uri;
        String rest;
        if (lt >= 0) {
            int gt = s.indexOf('>', lt);
            if (gt < 0) throw new SipParseException("missing '>' after <URI");
            uri = s.substring(lt + 1, gt);
            rest = s.substring(gt + 1);
            if (uri.isEmpty() || uri.chars().anyMatch(c -> c == ' ' || c == '\t')) {
                throw new SipParseException("whitespace inside <URI>: " + SipUri.clip(uri));
            }
        } else {
            int semi = s.indexOf(';');
            uri = (semi < 0 ? s : s.substring(0, semi)).strip();
            rest = semi < 0 ? "" : s.substring(semi);
            // RFC 3261 §20: a URI with a comma, question mark or semicolon must be in angle brackets.
            if (uri.indexOf('?') >= 0 || uri.indexOf(',') >= 0) {
                throw new SipParseException("URI with '?' or ',' must be enclosed in <>: " + SipUri.clip(uri));
            }
            if (uri.isEmpty() || uri.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '<' || c == '>')) {
                throw new SipParseException("bad address '" + SipUri.clip(s) + "'");
            }
        }
        SipUri sip = null;
        String scheme = schemeOf(uri);
        if (scheme.equals("sip") || scheme.equals("sips")) sip = SipUri.parse(uri);
        return new Address(display, uri, sip, Params.parseHeader(rest));
    }

    /** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1), lower case. */
    static String schemeOf(String uri) throws SipParseException {
        int c = uri.indexOf(':');
        if (c <= 0) throw new SipParseException("not an absolute URI: " + SipUri.clip(uri));
        String scheme = uri.substring(0, c);
        if (!Character.isLetter(scheme.charAt(0)) || scheme.charAt(0) > 127) throw new SipParseException("bad URI scheme: " + SipUri.clip(uri));
        for (char ch : scheme.toCharArray()) {
            if (!(ch < 128 && Character.isLetterOrDigit(ch)) && "+-.".indexOf(ch) < 0) throw new SipParseException("bad URI scheme: " + SipUri.clip(uri));
        }
        return scheme.toLowerCase(Locale.ROOT);
    }
}
