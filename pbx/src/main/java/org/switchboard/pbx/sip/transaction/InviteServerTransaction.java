package org.switchboard.pbx.sip.transaction;

import java.time.Duration;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * INVITE server transaction (RFC 3261 §17.2.1, figure 7, with RFC 6026 §7.1 Accepted). A 100 Trying goes out at
 * once; after a 2xx the transaction retransmits it on unreliable transports until the dialog's ACK arrives or
 * Timer L fires (the TU's §13.3.1.4 duty, kept here so every 2xx gets it). State is confined to the executor.
 */
public final class InviteServerTransaction implements ServerTransaction {
    private final TransactionLayer layer;
    private final String key;
    private final SipRequest request;
    private final Flow flow;
    private final String localTag;
    private final SerialExecutor executor;
    private final Retransmission retransmission;
    private TransactionState state = TransactionState.PROCEEDING;
    private SipResponse last;

    InviteServerTransaction(TransactionLayer layer, String key, SipRequest request, Flow flow, SerialExecutor executor) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.flow = flow;
        this.localTag = TransactionLayer.newTag();
        this.executor = executor;
        this.retransmission = new Retransmission(layer.scheduler(), executor);
    }

    @Override public SipRequest request() { return request; }

    @Override public Flow flow() { return flow; }

    @Override public String localTag() { return localTag; }

    @Override public void afterResponses(Runnable task) { executor.execute(task); }

    @Override public boolean terminated() { return state == TransactionState.TERMINATED; }

    void start() {
        executor.execute(() -> {
            last = SipResponse.to(request, 100, "Trying", null);
            layer.sendResponse(last, flow);
        });
    }

    @Override
    public void respond(SipResponse response) {
        executor.execute(() -> onTuResponse(response));
    }

    private void onTuResponse(SipResponse response) {
        if (state != TransactionState.PROCEEDING) return;
        last = response;
        if (!layer.sendResponse(response, flow)) {
            terminate();
            return;
        }
        if (response.provisional()) return;
        TimerValues t = layer.timers();
        if (response.success()) {
            state = TransactionState.ACCEPTED;
            layer.accepted(this);
            if (!flow.transport().reliable()) retransmission.start(t.t1(), t.t2(), () -> layer.sendResponse(last, flow));
            retransmission.after(t.timeout(), this::terminate);                       // Timer L
        } else {
            state = TransactionState.COMPLETED;
            if (!flow.transport().reliable()) retransmission.start(t.t1(), t.t2(), () -> layer.sendResponse(last, flow)); // Timer G
            retransmission.after(t.timeout(), this::terminate);                       // Timer H: no ACK came
        }
    }

    /** A retransmitted INVITE: the last response again (§17.2.1); in Accepted it is absorbed (RFC 6026). */
    void onRetransmission() {
        executor.execute(() -> {
            if (state == TransactionState.PROCEEDING || state == TransactionState.COMPLETED) {
                if (last != null) layer.sendResponse(last, flow);
            }
        });
    }

    /** ACK for a non-2xx final response (§17.2.1): stop Timer G, wait Timer I for ACK retransmissions. */
    void onAck() {
        executor.execute(() -> {
            if (state != TransactionState.COMPLETED) return;
            state = TransactionState.CONFIRMED;
            retransmission.cancel();
            Duration i = flow.transport().reliable() ? Duration.ZERO : layer.timers().t4();
            retransmission.after(i, this::terminate);
        });
    }

    /** The dialog saw the ACK for our 2xx: stop retransmitting it; Timer L still absorbs INVITE retransmissions. */
    void onAckFor2xx() {
        executor.execute(() -> {
            if (state != TransactionState.ACCEPTED) return;
            retransmission.cancelRepeats();
        });
    }

    boolean proceeding() { return state == TransactionState.PROCEEDING; }

    SerialExecutor executor() { return executor; }

    private void terminate() {
        if (state == TransactionState.TERMINATED) return;
        boolean noAck = state == TransactionState.COMPLETED;
        state = TransactionState.TERMINATED;
        retransmission.cancel();
        layer.terminated(key, this);
        if (noAck) layer.noAck(this);
    }
}
