package org.switchboard.pbx.sip.codec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Via value (RFC 3261 §20.42): transport, sent-by host and port (-1 when absent), parameters. The
 * received and rport parameters are how a server records the real source of a request behind NAT (RFC 3581 §4).
 */
public record Via(String transport, String host, int port, Params params) {
    /** Branch IDs starting with this are RFC 3261 transaction IDs (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private static final Pattern PROTOCOL = Pattern.compile(
            "\\s*([\\w.!%*+`'~-]+)\\s*/\\s*([\\w.!%*+`'~-]+)\\s*/\\s*([\\w.!%*+`'~-]+)\\s+(.*)", Pattern.DOTALL);

    public Via {
        transport = transport.toUpperCase(Locale.ROOT);
        if (params == null) params = Params.NONE;
    }

    public Optional<String> branch() { return params.get("branch"); }

    public Optional<String> received() { return params.get("received"); }

    public boolean hasRport() { return params.has("rport"); }

    public Via withParams(Params p) { return new Via(transport, host, port, p); }

    /** The port a response goes to when no rport applies: sent-by port or the transport default (RFC 3261 §18.2.2). */
    public int portOrDefault() {
        return port >= 0 ? port : transport.equals("TLS") ? 5061 : 5060;
    }

    @Override
    public String toString() {
        return "SIP/2.0/" + transport + " " + host + (port >= 0 ? ":" + port : "") + params;
    }

    public static Via parse(String value) throws SipParseException {
        Matcher m = PROTOCOL.matcher(value);
        if (!m.matches()) throw new SipParseException("malformed Via: " + SipUri.clip(value));
        if (!m.group(1).equalsIgnoreCase("SIP") || !m.group(2).equals("2.0")) {
            throw new SipParseException(505, "SIP version " + m.group(1) + "/" + m.group(2) + " in Via is not supported");
        }
        String rest = m.group(4);
        int semi = rest.indexOf(';');
        String sentBy = (semi < 0 ? rest : rest.substring(0, semi)).strip();
        String params = semi < 0 ? "" : rest.substring(semi);
        String host = sentBy;
        int port = -1;
        int colon = sentBy.startsWith("[") ? sentBy.indexOf(':', Math.max(0, sentBy.indexOf(']'))) : sentBy.indexOf(':');
        if (colon >= 0) {
            host = sentBy.substring(0, colon).strip();
            port = Grammar.port(sentBy.substring(colon + 1).strip());
        }
        if (!Grammar.isHost(host)) throw new SipParseException("bad Via host '" + SipUri.clip(host) + "'");
        Params p = Params.parseHeader(params);
        Optional<String> rport = p.get("rport");
        if (rport.isPresent()) Grammar.port(rport.get());
        return new Via(m.group(3), host, port, p);
    }
}
