package org.switchboard.pbx.call;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.SipRequest;

/**
 * The implicit subscription a REFER creates (RFC 3515 §2.4.4): NOTIFYs with a message/sipfrag body to the
 * transferor, none at all when it declined them (Refer-Sub: false, RFC 4488 §4). They leave one at a time, each
 * once the previous one is answered: over UDP a later one could otherwise arrive first, and its recipient must
 * refuse the lower CSeq that follows (RFC 3261 §12.2.2). Confined to its call's executor.
 */
final class ReferSubscription {
    private final boolean wanted;
    private final Supplier<SipRequest> newNotify;
    private final BiConsumer<SipRequest, Runnable> sender;
    private final ArrayDeque<SipRequest> queue = new ArrayDeque<>();
    private boolean inFlight;
    private boolean stopped;
    private Runnable afterLast;

    /**
     * @param newNotify an empty NOTIFY in the transferor's dialog (taking the next CSeq)
     * @param sender    sends a NOTIFY and runs the callback on the call's executor once it is answered or failed
     */
    ReferSubscription(boolean wanted, Supplier<SipRequest> newNotify, BiConsumer<SipRequest, Runnable> sender) {
        this.wanted = wanted;
        this.newNotify = newNotify;
        this.sender = sender;
    }

    /** Queues a NOTIFY reporting {@code statusLine}; {@code terminated} for the final one (§2.4.5). */
    void progress(String statusLine, boolean terminated) {
        if (!wanted || stopped) return;
        SipRequest n = newNotify.get();
        n = n.withHeaders(n.headers().add(HeaderNames.EVENT, "refer")
                .add(HeaderNames.SUBSCRIPTION_STATE, terminated ? "terminated;reason=noresource" : "active;expires=60"));
        queue.add(n.withBody("message/sipfrag;version=2.0", (statusLine + "\r\n").getBytes(StandardCharsets.UTF_8)));
        pump();
    }

    /** The transferor's dialog ended: what is still queued is dropped. */
    void stop() {
        stopped = true;
        queue.clear();
    }

    /** Runs {@code task} once every queued NOTIFY is answered (at once when none is). */
    void afterLast(Runnable task) {
        afterLast = task;
        pump();
    }

    private void pump() {
        if (inFlight) return;
        SipRequest next = queue.poll();
        if (next == null) {
            Runnable then = afterLast;
            afterLast = null;
            if (then != null) then.run();
            return;
        }
        inFlight = true;
        sender.accept(next, () -> {
            inFlight = false;
            pump();
        });
    }
}
