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

    /**
     * Runs {@code task} on the transaction's executor once every response given so far has gone to the transport,
     * for a TU that must not let a request of its own overtake that response (NOTIFY after 202, RFC 3515 §2.4.4).
     */
    void afterResponses(Runnable task);
}
