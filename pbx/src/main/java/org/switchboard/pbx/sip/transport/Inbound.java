package org.switchboard.pbx.sip.transport;

import org.switchboard.pbx.sip.codec.SipMessage;

/** A parsed message and the flow it arrived on. */
public record Inbound(SipMessage message, Flow flow) {}
