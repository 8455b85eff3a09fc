package org.switchboard.pbx.sip.transaction;

import java.time.Duration;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2, figure 6): Timer E retransmits (doubling up to T2, at T2 once
 * a provisional arrived), Timer F gives up, Timer K absorbs retransmitted finals. State is confined to the executor.
 */
public final class NonInviteClientTransaction implements ClientTransaction {
    private final TransactionLayer layer;
    private final String key;
    private final SipRequest request;
    private final Flow flow;
    private final Listener listener;
    private final SerialExecutor executor;
    private final Retransmission timers;
    private TransactionState state = TransactionState.TRYING;

    NonInviteClientTransaction(TransactionLayer layer, String key, SipRequest request, Flow flow, Listener listener, SerialExecutor executor) {
        this.layer = layer;
        this.key = key;
        this.request = request;
        this.flow = flow;
        this.listener = listener;
        this.executor = executor;
        this.timers = new Retransmission(layer.scheduler(), executor);
    }

    @Override public SipRequest request() { return request; }

    @Override public boolean terminated() { return state == TransactionState.TERMINATED; }

    void start() {
        executor.execute(() -> {
            if (!layer.send(request, flow)) {
                terminate();
                listener.onTransportError();
                return;
            }
            TimerValues t = layer.timers();
            if (!flow.transport().reliable()) timers.start(t.t1(), t.t2(), () -> layer.send(request, flow));   // Timer E
            timers.after(t.timeout(), () -> {                                                                  // Timer F
                if (state == TransactionState.TRYING || state == TransactionState.PROCEEDING) {
                    terminate();
                    listener.onTimeout();
                }
            });
        });
    }

    void onResponse(SipResponse response) {
        executor.execute(() -> {
            if (state != TransactionState.TRYING && state != TransactionState.PROCEEDING) return;
            if (response.provisional()) {
                if (state == TransactionState.TRYING && !flow.transport().reliable()) {
                    timers.start(layer.timers().t2(), layer.timers().t2(), () -> layer.send(request, flow));
                }
                state = TransactionState.PROCEEDING;
                listener.onResponse(response);
                return;
            }
            state = TransactionState.COMPLETED;
            timers.cancel();
            timers.after(flow.transport().reliable() ? Duration.ZERO : layer.timers().t4(), this::terminate);   // Timer K
            listener.onResponse(response);
        });
    }

    private void terminate() {
        if (state == TransactionState.TERMINATED) return;
        state = TransactionState.TERMINATED;
        timers.cancel();
        layer.terminated(key, this);
    }
}
