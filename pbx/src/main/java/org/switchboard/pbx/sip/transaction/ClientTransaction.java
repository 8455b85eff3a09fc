package org.switchboard.pbx.sip.transaction;

import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;

/** A client transaction as the TU sees it (RFC 3261 §17.1). */
public sealed interface ClientTransaction permits InviteClientTransaction, NonInviteClientTransaction {
    /** Callbacks run on the transaction's serial executor. */
    interface Listener {
        void onResponse(SipResponse response);

        /** Timer B or F fired: the TU acts as if a 408 arrived (§8.1.3.1). */
        void onTimeout();

        /** The message could not be sent (§17.1.4); treated like a 503. */
        void onTransportError();
    }

    SipRequest request();

    boolean terminated();
}
