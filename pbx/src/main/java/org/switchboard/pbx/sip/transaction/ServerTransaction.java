package org.switchboard.pbx.sip.transaction;

import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;

/** A server transaction as the TU sees it (RFC 3261 §17.2). {@link #respond} may be called from any thread. */
public sealed interface ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {
    SipRequest request();

    Flow flow();

    /** The To tag this transaction's responses carry, fixed when the transaction is created. */
    String localTag();

    void respond(SipResponse response);

    /** Convenience: a response built from the request with {@link #localTag()}. */
    default void respond(int status) {
        respond(SipResponse.to(request(), status, SipResponse.reasonFor(status), localTag()));
    }

    boolean terminated();
}
