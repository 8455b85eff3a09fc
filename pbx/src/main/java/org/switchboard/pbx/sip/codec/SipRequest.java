package org.switchboard.pbx.sip.codec;

import java.util.Optional;

/** Request-Line plus fields and body (RFC 3261 §7.1). {@code uri} is the Request-URI text as received or built. */
public record SipRequest(String method, String uri, Headers headers, byte[] body) implements SipMessage {
    public static final String INVITE = "INVITE", ACK = "ACK", BYE = "BYE", CANCEL = "CANCEL", REGISTER = "REGISTER",
            OPTIONS = "OPTIONS", REFER = "REFER", NOTIFY = "NOTIFY", INFO = "INFO", UPDATE = "UPDATE",
            SUBSCRIBE = "SUBSCRIBE", MESSAGE = "MESSAGE", PRACK = "PRACK";

    public SipRequest {
        if (body == null) body = new byte[0];
    }

    public boolean is(String m) { return method.equals(m); }

    /** The Request-URI when its scheme is sip or sips. */
    public Optional<SipUri> sipUri() {
        try {
            return Optional.of(SipUri.parse(uri));
        } catch (SipParseException e) {
            return Optional.empty();
        }
    }

    public SipRequest withHeaders(Headers h) { return new SipRequest(method, uri, h, body); }

    public SipRequest withUri(String u) { return new SipRequest(method, u, headers, body); }

    public SipRequest withBody(String contentType, byte[] b) {
        Headers h = contentType == null ? headers.without(HeaderNames.CONTENT_TYPE) : headers.set(HeaderNames.CONTENT_TYPE, contentType);
        return new SipRequest(method, uri, h, b);
    }
}
