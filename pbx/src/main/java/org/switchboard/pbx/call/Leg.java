package org.switchboard.pbx.call;

import java.util.ArrayList;
import java.util.List;
import org.switchboard.pbx.sip.codec.Address;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.transaction.TransactionLayer;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * Our side of one dialog (RFC 3261 §12): Call-ID, tags, the local and remote addresses, the remote target, the
 * route set and our CSeq counter, and the flow requests go out on. Confined to its call's executor.
 */
final class Leg {
    final String callId;
    final String localTag;
    String remoteTag;
    final Address local;
    Address remote;
    String remoteTarget;
    List<String> routeSet = List.of();
    final Flow flow;
    final String contact;
    long localCseq;
    /** The extension whose phone this leg reaches: who may replace or transfer with this dialog (RFC 3891 §3). */
    String party;
    /** The phone sent BYE (or we did): nothing more is sent on this dialog. */
    boolean gone;

    Leg(String callId, String localTag, Address local, Address remote, String remoteTarget, Flow flow, String contact, long firstCseq) {
        this.callId = callId;
        this.localTag = localTag;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.flow = flow;
        this.contact = contact;
        this.localCseq = firstCseq;
    }

    /** A new request inside the dialog (§12.2.1.1), with a fresh branch. */
    SipRequest request(String method, String viaHost, int viaPort) {
        long cseq = method.equals(SipRequest.ACK) ? localCseq : ++localCseq;
        return request(method, cseq, viaHost, viaPort);
    }

    SipRequest request(String method, long cseq, String viaHost, int viaPort) {
        Headers h = Headers.EMPTY
                .add(HeaderNames.VIA, "SIP/2.0/" + flow.transport() + " " + viaHost + ":" + viaPort + ";branch=" + TransactionLayer.newBranch() + ";rport")
                .add(HeaderNames.MAX_FORWARDS, "70")
                .add(HeaderNames.FROM, local.withTag(localTag).toString())
                .add(HeaderNames.TO, remoteTag == null ? remote.toString() : remote.withTag(remoteTag).toString())
                .add(HeaderNames.CALL_ID, callId)
                .add(HeaderNames.CSEQ, cseq + " " + method);
        for (String r : routeSet) h = h.add(HeaderNames.ROUTE, r);
        if (!method.equals(SipRequest.BYE) && !method.equals(SipRequest.ACK) && !method.equals(SipRequest.CANCEL)) {
            h = h.add(HeaderNames.CONTACT, contact);
        }
        return new SipRequest(method, remoteTarget, h, null);
    }

    /** Route set from Record-Route: as received for the UAS side, reversed for the UAC side (§12.1.1, §12.1.2). */
    static List<String> routeSet(List<String> recordRoute, boolean uac) {
        List<String> l = new ArrayList<>(recordRoute);
        if (uac) java.util.Collections.reverse(l);
        return List.copyOf(l);
    }

    String key() { return callId + "|" + localTag; }
}
