package org.switchboard.pbx.sip.transaction;

import java.time.Duration;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * INVITE client transaction (RFC 3261 §17.1.1, figure 5, with RFC 6026 §7.2 Accepted): Timer A retransmits on
 * unreliable transports, Timer B gives up, a non-2xx final response is ACKed here (§17.1.1.3), every 2xx goes to
 * the TU, which ACKs it in the dialog. State is confined to the executor.
 */
public final class InviteClientTransaction implements ClientTransaction {
    private final TransactionLayer layer;
    private final String key;
    private final SipRequest request;
    private final Flow flow;
    private final Listener listener;
    private final SerialExecutor executor;
    private final Retransmission timers;
    private TransactionState state = TransactionState.CALLING;
    private SipRequest ack;

    InviteClientTransaction(TransactionLayer layer, String key, SipRequest request, Flow flow, Listener listener, SerialExecutor executor) {
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
            if (!flow.transport().reliable()) {
                timers.start(t.t1(), t.timeout(), () -> layer.send(request, flow));    // Timer A, doubling without cap
            }
            timers.after(t.timeout(), () -> {                                          // Timer B
                if (state == TransactionState.CALLING) {
                    terminate();
                    listener.onTimeout();
                }
            });
        });
    }

    void onResponse(SipResponse response) {
        executor.execute(() -> {
            switch (state) {
                case CALLING, PROCEEDING -> {
                    timers.cancelRepeats();
                    if (response.provisional()) {
                        state = TransactionState.PROCEEDING;
                        listener.onResponse(response);
                    } else if (response.success()) {
                        state = TransactionState.ACCEPTED;
                        timers.after(layer.timers().timeout(), this::terminate);        // Timer M
                        listener.onResponse(response);
                    } else {
                        state = TransactionState.COMPLETED;
                        ack = ackFor(response);
                        layer.send(ack, flow);
                        Duration d = flow.transport().reliable() ? Duration.ZERO : Duration.ofSeconds(32);
                        timers.after(d, this::terminate);                                // Timer D
                        listener.onResponse(response);
                    }
                }
                case ACCEPTED -> { if (response.success()) listener.onResponse(response); }
                case COMPLETED -> { if (!response.success() && !response.provisional()) layer.send(ack, flow); }
                default -> { }
            }
        });
    }

    /** ACK for a non-2xx: same Request-URI, top Via, Call-ID, From, Route; To from the response (§17.1.1.3). */
    private SipRequest ackFor(SipResponse response) {
        Headers in = request.headers();
        Headers h = Headers.EMPTY.add(HeaderNames.VIA, in.first(HeaderNames.VIA).orElseThrow())
                .add(HeaderNames.MAX_FORWARDS, "70")
                .add(HeaderNames.FROM, in.first(HeaderNames.FROM).orElseThrow())
                .add(HeaderNames.TO, response.headers().first(HeaderNames.TO).orElseThrow())
                .add(HeaderNames.CALL_ID, in.callId())
                .add(HeaderNames.CSEQ, request.cseq().number() + " ACK");
        for (String r : in.all(HeaderNames.ROUTE)) h = h.add(HeaderNames.ROUTE, r);
        return new SipRequest(SipRequest.ACK, request.uri(), h, null);
    }

    private void terminate() {
        if (state == TransactionState.TERMINATED) return;
        state = TransactionState.TERMINATED;
        timers.cancel();
        layer.terminated(key, this);
    }
}
