package org.switchboard.pbx.sip.transaction;

import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * The layer above transactions (registrar, B2BUA, dialogs). Called on the transaction's serial executor; an
 * implementation hands the event to its own executor and returns, so no layer waits on another.
 */
public interface TransactionUser {
    /** A new request other than ACK; answer through {@link ServerTransaction#respond}. */
    void onRequest(ServerTransaction transaction);

    /** A CANCEL matched this INVITE transaction before its final response; the CANCEL was answered 200 (§9.2). */
    void onCancel(ServerTransaction invite);

    /** An ACK no transaction absorbed: the ACK for a 2xx, which belongs to the dialog (§17.2.3, §13.3.1.4). */
    void onAck(SipRequest ack, Flow flow);

    /** A response no client transaction matched, such as a retransmitted 2xx after the transaction ended. */
    void onStrayResponse(SipResponse response, Flow flow);
}
