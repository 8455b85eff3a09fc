package org.switchboard.pbx.sip.transport;

import org.switchboard.pbx.sip.codec.SipMessage;

/** What the transaction layer needs from the transports: send a message along a flow. Never blocks for long. */
@FunctionalInterface
public interface MessageSender {
    /** Sends; failures are reported by returning false (the transaction treats it as a transport error, §17.1.4). */
    boolean send(SipMessage message, Flow flow);
}
