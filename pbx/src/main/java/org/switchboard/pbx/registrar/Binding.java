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
                      String instance, String regId, String authUser, String userAgent, boolean behindNat) {
    /**
     * Where requests to the device go: the registration's own flow for connections and for devices behind NAT
     * (symmetric signalling, RFC 3581 / RFC 5626 §5.3), otherwise the Contact address it registered.
     */
    public Flow target() {
        if (flow.transport().reliable() || behindNat || contact.sipUri() == null) return flow;
        org.switchboard.pbx.sip.codec.SipUri u = contact.sipUri();
        int port = u.port() >= 0 ? u.port() : 5060;
        return Flow.udp(new java.net.InetSocketAddress(u.hostAddress(), port), flow.local());
    }

    /**
     * NAT seen in a REGISTER: the Contact or the top Via names another address or port than the packet came from
     * (the checks of Kamailio's nat_uac_test 1, 2 and 16).
     */
    public static boolean natSeen(Address contact, org.switchboard.pbx.sip.codec.Via via, Flow flow) {
        String ip = flow.remote().getAddress().getHostAddress();
        String contactHost = contact.sipUri() == null ? "" : contact.sipUri().hostAddress();
        String viaHost = via.host().startsWith("[") ? via.host().substring(1, via.host().length() - 1) : via.host();
        return !contactHost.equals(ip) || !viaHost.equals(ip) || via.portOrDefault() != flow.remote().getPort();
    }

    /** Same device: same instance and reg-id when the phone sends them (RFC 5626 §6), else same contact URI. */
    boolean sameDevice(Address otherContact, String otherInstance, String otherRegId) {
        if (instance != null && otherInstance != null) return instance.equals(otherInstance) && java.util.Objects.equals(regId, otherRegId);
        return contact.uri().equals(otherContact.uri());
    }
}
