package org.switchboard.pbx.sip.transaction;

import java.time.Duration;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;

/** Non-INVITE server transaction (RFC 3261 §17.2.2, figure 8). State is confined to the executor. */
public final class NonInviteServerTransaction implements ServerTransaction {
    private final TransactionLayer layer;
    private final String key;
    private final SipRequest request;
    private final Flow flow;
    private final String localTag;
    private final SerialExecutor executor;
    private final Retransmission timers;
    private TransactionState state = TransactionState.TRYING;
    private SipResponse last;

    NonInviteServerTransaction(TransactionLayer layer, String key, SipRequest request, Flow flow, SerialExecutor executor) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.flow = flow;
        this.localTag = TransactionLayer.newTag();
        this.executor = executor;
        this.timers = new Retransmission(layer.scheduler(), executor);
    }

    @Override public SipRequest request() { return request; }

    @Override public Flow flow() { return flow; }

    @Override public String localTag() { return localTag; }

    @Override public void afterResponses(Runnable task) { executor.execute(task); }

    @Override public boolean terminated() { return state == TransactionState.TERMINATED; }

    @Override
    public void respond(SipResponse response) {
        executor.execute(() -> {
            if (state == TransactionState.COMPLETED || state == TransactionState.TERMINATED) return;
            last = response;
            if (!layer.sendResponse(response, flow)) {
                terminate();
                return;
            }
            if (response.provisional()) {
                state = TransactionState.PROCEEDING;
                return;
            }
            state = TransactionState.COMPLETED;
            timers.after(flow.transport().reliable() ? Duration.ZERO : layer.timers().timeout(), this::terminate);   // Timer J
        });
    }

    /** Retransmitted request: absorbed in Trying, answered with the last response afterwards. */
    void onRetransmission() {
        executor.execute(() -> {
            if ((state == TransactionState.PROCEEDING || state == TransactionState.COMPLETED) && last != null) {
                layer.sendResponse(last, flow);
            }
        });
    }

    private void terminate() {
        if (state == TransactionState.TERMINATED) return;
        state = TransactionState.TERMINATED;
        timers.cancel();
        layer.terminated(key, this);
    }
}
