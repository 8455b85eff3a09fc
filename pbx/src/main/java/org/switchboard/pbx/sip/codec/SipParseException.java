package org.switchboard.pbx.sip.codec;

/**
 * A message the codec refuses, with the reason a human can read and the status a server answers with when the
 * message was a request it can still answer (400 by default; 505 for another SIP version, RFC 3261 §21.5.7;
 * 413/513 for size limits).
 */
public final class SipParseException extends Exception {
    private final int status;

    public SipParseException(String reason) {
        this(400, reason);
    }

    public SipParseException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
