package org.switchboard.pbx.sip.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses one SIP message from bytes (RFC 3261 §7, §25) and checks what every element needs before it can act on
 * it: start line, the mandatory fields (§8.1.1) present once, Via, From, To, CSeq and Contact well formed, CSeq
 * method equal to the request method (§8.2), Content-Length consistent with the bytes. Everything refused comes
 * back as a {@link SipParseException} with a reason. Pure and thread-safe.
 */
public final class SipMessageReader {
    private static final byte CR = '\r', LF = '\n';
    private static final Set<String> SINGLE = Set.of(HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID,
            HeaderNames.CSEQ, HeaderNames.MAX_FORWARDS, HeaderNames.CONTENT_LENGTH);

    private final SipLimits limits;

    public SipMessageReader(SipLimits limits) {
        this.limits = limits;
    }

    public SipLimits limits() { return limits; }

    /**
     * A whole UDP datagram. Without Content-Length the body runs to the end of the datagram; octets after
     * Content-Length are ignored (RFC 3261 §18.3, RFC 4475 §3.1.1.8); a Content-Length beyond the datagram is an
     * error (RFC 4475 §3.1.2.2).
     */
    public SipMessage parseDatagram(byte[] data, int offset, int length) throws SipParseException {
        if (length > limits.maxMessageBytes()) throw new SipParseException(513, "message of " + length + " bytes is over the limit");
        int end = offset + length;
        int start = offset;
        while (start < end && (data[start] == CR || data[start] == LF)) start++;   // RFC 3261 §7.5: ignore leading CRLFs
        int headEnd = headerEnd(data, start, end);
        int bodyStart;
        if (headEnd < 0) {
            headEnd = end;
            bodyStart = end;
        } else {
            bodyStart = headEnd;
        }
        if (headEnd - start > limits.maxHeaderBytes()) throw new SipParseException(513, "header section over " + limits.maxHeaderBytes() + " bytes");
        Head head = parseHead(new String(data, start, headEnd - start, StandardCharsets.UTF_8));
        // Field errors name the real problem; report them before a Content-Length mismatch they may cause.
        checkCommon(new Headers(head.fields()));
        int available = end - bodyStart;
        int bodyLength = head.contentLength < 0 ? available : head.contentLength;
        if (bodyLength > available) {
            throw new SipParseException("Content-Length " + head.contentLength + " is larger than the " + available + " body bytes received");
        }
        if (bodyLength > limits.maxBodyBytes()) throw new SipParseException(513, "body of " + bodyLength + " bytes is over the limit");
        return build(head, Arrays.copyOfRange(data, bodyStart, bodyStart + bodyLength));
    }

    /** Index just after the blank line ending the header section, or -1. Bare LF line ends are tolerated. */
    static int headerEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != LF) continue;
            if (i + 1 < to && b[i + 1] == LF) return i + 2;
            if (i + 2 < to && b[i + 1] == CR && b[i + 2] == LF) return i + 3;
        }
        return -1;
    }

    /** Start line and fields, unfolded and split; Content-Length read (-1 when absent). */
    record Head(String startLine, List<Headers.Header> fields, int contentLength) {}

    Head parseHead(String text) throws SipParseException {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) continue;
            if (Grammar.isWhite(line.charAt(0))) {
                // RFC 3261 §7.3.1: a line starting with whitespace continues the previous field (folding).
                if (lines.size() <= 1) throw new SipParseException("continuation line before any header field");
                int last = lines.size() - 1;
                lines.set(last, lines.get(last) + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) throw new SipParseException("empty message");
        List<Headers.Header> fields = new ArrayList<>();
        int contentLength = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) throw new SipParseException("header line without a name and ':': " + SipUri.clip(line));
            String rawName = line.substring(0, colon).stripTrailing();
            if (!Grammar.isToken(rawName)) throw new SipParseException("bad header name '" + SipUri.clip(rawName) + "'");
            String name = HeaderNames.canonical(rawName);
            String value = line.substring(colon + 1).strip();
            if (HeaderNames.isList(name)) {
                for (String v : Grammar.splitList(value, limits.maxValuesPerField())) fields.add(new Headers.Header(name, v));
            } else {
                fields.add(new Headers.Header(name, value));
            }
            if (fields.size() > limits.maxHeaderFields()) throw new SipParseException(513, "more than " + limits.maxHeaderFields() + " header fields");
            if (name.equals(HeaderNames.CONTENT_LENGTH)) {
                if (contentLength >= 0) throw new SipParseException("more than one Content-Length");
                if (!value.matches("[0-9]{1,10}")) throw new SipParseException("Content-Length '" + SipUri.clip(value) + "' is not a non-negative number");
                long cl = Long.parseLong(value);
                if (cl > limits.maxBodyBytes()) throw new SipParseException(513, "Content-Length " + cl + " is over the limit");
                contentLength = (int) cl;
            }
        }
        return new Head(lines.get(0), fields, contentLength);
    }

    SipMessage build(Head head, byte[] body) throws SipParseException {
        Headers headers = new Headers(head.fields());
        String line = head.startLine();
        SipMessage message;
        if (line.startsWith("SIP/")) {
            message = response(line, headers, body);
        } else {
            message = request(line, headers, body);
        }
        checkCommon(headers);
        if (message instanceof SipRequest r) {
            CSeq cseq = CSeq.parse(headers.first(HeaderNames.CSEQ).orElseThrow());
            if (!cseq.method().equals(r.method())) {
                throw new SipParseException("CSeq method " + SipUri.clip(cseq.method()) + " does not match the request method " + SipUri.clip(r.method()));
            }
            String mf = headers.first(HeaderNames.MAX_FORWARDS).orElse(null);
            if (mf != null && (!mf.matches("[0-9]{1,10}") || Long.parseLong(mf) > 255)) {
                throw new SipParseException("Max-Forwards '" + SipUri.clip(mf) + "' is not 0..255");
            }
        }
        return message;
    }

    /** Request-Line = Method SP Request-URI SP SIP-Version CRLF, single spaces (RFC 3261 §7.1, RFC 4475 §3.1.2.8). */
    private static SipRequest request(String line, Headers headers, byte[] body) throws SipParseException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new SipParseException("malformed Request-Line (extra or missing spaces): " + SipUri.clip(line));
        }
        if (!Grammar.isToken(parts[0])) throw new SipParseException("bad method '" + SipUri.clip(parts[0]) + "'");
        version(parts[2]);
        String uri = parts[1];
        String scheme = Address.schemeOf(uri);
        if (scheme.equals("sip") || scheme.equals("sips")) {
            SipUri parsed = SipUri.parse(uri);
            // RFC 3261 §19.1.5: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.10).
            if (parsed.headers() != null) throw new SipParseException("Request-URI carries URI headers");
        } else if (uri.chars().anyMatch(c -> c < 0x21 || c == '<' || c == '>' || c == '"')) {
            throw new SipParseException("bad Request-URI " + SipUri.clip(uri));
        }
        return new SipRequest(parts[0], uri, headers, body);
    }

    /** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF; status 100..699 (RFC 3261 §7.2, §21). */
    private static SipResponse response(String line, Headers headers, byte[] body) throws SipParseException {
        int sp1 = line.indexOf(' ');
        if (sp1 < 0) throw new SipParseException("malformed Status-Line: " + SipUri.clip(line));
        version(line.substring(0, sp1));
        int sp2 = line.indexOf(' ', sp1 + 1);
        String code = sp2 < 0 ? line.substring(sp1 + 1) : line.substring(sp1 + 1, sp2);
        if (!code.matches("[1-6][0-9][0-9]")) throw new SipParseException("bad status code '" + SipUri.clip(code) + "'");
        return new SipResponse(Integer.parseInt(code), sp2 < 0 ? "" : line.substring(sp2 + 1), headers, body);
    }

    private static void version(String v) throws SipParseException {
        if (v.equalsIgnoreCase("SIP/2.0")) return;
        if (v.toUpperCase(Locale.ROOT).startsWith("SIP/")) throw new SipParseException(505, "SIP version " + SipUri.clip(v) + " is not supported");
        throw new SipParseException("bad SIP version '" + SipUri.clip(v) + "'");
    }

    /** The mandatory fields (RFC 3261 §8.1.1), each well formed, the single-valued ones present once. */
    private static void checkCommon(Headers headers) throws SipParseException {
        for (String name : SINGLE) {
            if (headers.count(name) > 1) throw new SipParseException("more than one " + name + " header field");
        }
        for (String name : List.of(HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ)) {
            if (headers.count(name) == 0) throw new SipParseException("missing " + name + " header field");
        }
        for (String v : headers.all(HeaderNames.VIA)) Via.parse(v);
        Address.parse(headers.first(HeaderNames.FROM).orElseThrow());
        Address.parse(headers.first(HeaderNames.TO).orElseThrow());
        CSeq.parse(headers.first(HeaderNames.CSEQ).orElseThrow());
        String callId = headers.callId();
        if (callId.isEmpty() || callId.chars().anyMatch(c -> c == ' ' || c == '\t')) throw new SipParseException("bad Call-ID");
        for (String v : headers.all(HeaderNames.CONTACT)) {
            if (!v.strip().equals("*")) Address.parse(v);
        }
        for (String name : List.of(HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE)) {
            for (String v : headers.all(name)) Address.parse(v);
        }
    }
}
