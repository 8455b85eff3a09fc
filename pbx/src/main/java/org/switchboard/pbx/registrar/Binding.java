package org.switchboard.pbx.registrar;

import java.time.Instant;
import org.switchboard.pbx.sip.codec.Address;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * One registered contact of an extension (RFC 3261 §10.3): where the device said it is, the flow its REGISTER
 * arrived on (used to reach it behind NAT), the Call-ID/CSeq that last refreshed it, and the RFC 5626
 * +sip.instance / reg-id it sent, which identify the device across contact changes when present.
 */
public record Binding(String extension, Address contact, Flow flow, String callId, long cseq, Instant expires,
                      String instance, String regId, String authUser, String userAgent) {
    /** Same device: same instance and reg-id when the phone sends them (RFC 5626 §6), else same contact URI. */
    boolean sameDevice(Address otherContact, String otherInstance, String otherRegId) {
        if (instance != null && otherInstance != null) return instance.equals(otherInstance) && java.util.Objects.equals(regId, otherRegId);
        return contact.uri().equals(otherContact.uri());
    }
}
