package org.switchboard.pbx.sip.codec;

/** A SIP request or response as the codec reads and writes it. Immutable. */
public sealed interface SipMessage permits SipRequest, SipResponse {
    Headers headers();

    byte[] body();

    default String callId() { return headers().callId(); }

    default CSeq cseq() { return headers().cseq(); }

    default Via topVia() { return headers().topVia(); }
}
