package org.switchboard.pbx.sip.transport;

import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.SipParseException;
import org.switchboard.pbx.sip.codec.SipResponse;

/**
 * A response to a request the codec refused, built from its raw fields (RFC 3261 §8.2 / §21.4.1): the status the
 * codec chose, the reason as a Warning (§20.43, code 399). Null when the fields needed to address it are missing.
 */
final class ErrorReply {
    private ErrorReply() {}

    static SipResponse build(String text, SipParseException e) {
        String via = null, from = null, to = null, callId = null, cseq = null;
        String[] lines = text.split("\r?\n");
        for (int i = 1; i < lines.length && i < 300; i++) {
            String line = lines[i];
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = HeaderNames.canonical(line.substring(0, colon).strip());
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case HeaderNames.VIA -> { if (via == null) via = value.split(",")[0].strip(); }
                case HeaderNames.FROM -> from = from == null ? value : from;
                case HeaderNames.TO -> to = to == null ? value : to;
                case HeaderNames.CALL_ID -> callId = callId == null ? value : callId;
                case HeaderNames.CSEQ -> cseq = cseq == null ? value : cseq;
                default -> { }
            }
        }
        if (via == null || from == null || to == null || callId == null || cseq == null) return null;
        Headers h = Headers.EMPTY.add(HeaderNames.VIA, via).add(HeaderNames.FROM, from).add(HeaderNames.TO, to)
                .add(HeaderNames.CALL_ID, callId).add(HeaderNames.CSEQ, cseq)
                .add("Warning", "399 switchboard \"" + e.getMessage().replace("\"", "'").replace("\\", "/") + "\"");
        return new SipResponse(e.status(), SipResponse.reasonFor(e.status()), h, null);
    }
}
