package org.switchboard.pbx.sip.transaction;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.switchboard.core.log.LogKind;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.Scheduler;
import org.switchboard.pbx.sip.codec.SipMessage;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.codec.Via;
import org.switchboard.pbx.sip.transport.Flow;
import org.switchboard.pbx.sip.transport.Inbound;
import org.switchboard.pbx.sip.transport.MessageSender;
import org.switchboard.pbx.sip.transport.SipTransports;

/**
 * The transaction layer (RFC 3261 §17): matches inbound messages to transactions (§17.1.3, §17.2.3, with the
 * RFC 2543 fallback for branches without the magic cookie), creates server transactions for new requests,
 * answers CANCEL (§9.2), and passes to the TU what no transaction absorbs. Thread-safe: the maps are concurrent
 * and each transaction runs on its own serial executor; nothing here blocks or holds a lock while calling out.
 */
public final class TransactionLayer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MessageSender sender;
    private final Scheduler scheduler;
    private final Executor backing;
    private final TimerValues timers;
    private volatile TransactionUser user;
    private final Map<String, ServerTransaction> servers = new ConcurrentHashMap<>();
    private final Map<String, ClientTransaction> clients = new ConcurrentHashMap<>();
    /** INVITE server transactions whose 2xx awaits the dialog's ACK, by Call-ID and CSeq number. */
    private final Map<String, InviteServerTransaction> accepted = new ConcurrentHashMap<>();

    public TransactionLayer(MessageSender sender, Scheduler scheduler, Executor backing, TimerValues timers) {
        this.sender = sender;
        this.scheduler = scheduler;
        this.backing = backing;
        this.timers = timers;
    }

    public void setUser(TransactionUser user) { this.user = user; }

    public Scheduler scheduler() { return scheduler; }

    public TimerValues timers() { return timers; }

    public int serverTransactions() { return servers.size(); }

    public int clientTransactions() { return clients.size(); }

    /** A branch ID with the RFC 3261 magic cookie (§8.1.1.7). */
    public static String newBranch() { return Via.MAGIC_COOKIE + random(10); }

    public static String newTag() { return random(8); }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public void receive(Inbound in) {
        switch (in.message()) {
            case SipRequest r -> receiveRequest(r, in.flow());
            case SipResponse r -> receiveResponse(r, in.flow());
        }
    }

    private void receiveRequest(SipRequest r, Flow flow) {
        String key = serverKey(r, r.is(SipRequest.ACK) ? SipRequest.INVITE : r.method());
        ServerTransaction existing = servers.get(key);
        if (r.is(SipRequest.ACK)) {
            if (existing instanceof InviteServerTransaction tx && !tx.terminated()) {
                tx.onAck();
                return;
            }
            InviteServerTransaction waiting = accepted.remove(dialogKey(r));
            if (waiting != null) waiting.onAckFor2xx();
            user.onAck(r, flow);
            return;
        }
        if (existing != null) {
            switch (existing) {
                case InviteServerTransaction tx -> tx.onRetransmission();
                case NonInviteServerTransaction tx -> tx.onRetransmission();
            }
            return;
        }
        SerialExecutor executor = new SerialExecutor(backing);
        if (r.is(SipRequest.INVITE)) {
            InviteServerTransaction tx = new InviteServerTransaction(this, key, r, flow, executor);
            if (servers.putIfAbsent(key, tx) != null) return;
            tx.start();
            executor.execute(() -> user.onRequest(tx));
            return;
        }
        NonInviteServerTransaction tx = new NonInviteServerTransaction(this, key, r, flow, executor);
        if (servers.putIfAbsent(key, tx) != null) return;
        if (r.is(SipRequest.CANCEL)) {
            // §9.2: the CANCEL matches the INVITE transaction with the same key; answer it, then tell the TU.
            ServerTransaction invite = servers.get(serverKey(r, SipRequest.INVITE));
            if (invite instanceof InviteServerTransaction itx && itx.proceeding()) {
                tx.respond(200);
                itx.executor().execute(() -> user.onCancel(itx));
            } else {
                tx.respond(481);
            }
            return;
        }
        executor.execute(() -> user.onRequest(tx));
    }

    private void receiveResponse(SipResponse r, Flow flow) {
        String branch = r.topVia().branch().orElse("");
        ClientTransaction tx = clients.get(branch + "|" + r.cseq().method());
        switch (tx) {
            case InviteClientTransaction t -> t.onResponse(r);
            case NonInviteClientTransaction t -> t.onResponse(r);
            case null -> user.onStrayResponse(r, flow);
        }
    }

    /**
     * Starts a client transaction for {@code request}, whose top Via must carry a fresh branch. INVITE gets the
     * INVITE machine, everything else but ACK the non-INVITE one; ACK is sent without a transaction (§17.1.1.3).
     */
    public ClientTransaction send(SipRequest request, Flow flow, ClientTransaction.Listener listener) {
        String key = request.topVia().branch().orElseThrow() + "|" + request.method();
        SerialExecutor executor = new SerialExecutor(backing);
        if (request.is(SipRequest.INVITE)) {
            InviteClientTransaction tx = new InviteClientTransaction(this, key, request, flow, listener, executor);
            clients.put(key, tx);
            tx.start();
            return tx;
        }
        NonInviteClientTransaction tx = new NonInviteClientTransaction(this, key, request, flow, listener, executor);
        clients.put(key, tx);
        tx.start();
        return tx;
    }

    /** Sends outside any transaction: the ACK for a 2xx, which the dialog owns (§13.2.2.4). */
    public boolean sendStateless(SipMessage message, Flow flow) {
        return send(message, flow);
    }

    boolean send(SipMessage message, Flow flow) {
        boolean ok = sender.send(message, flow);
        if (!ok) LogKind.debug("sip", "could not send to {}", flow);
        return ok;
    }

    boolean sendResponse(SipResponse response, Flow requestFlow) {
        return send(response, SipTransports.responseFlow(response, requestFlow));
    }

    void accepted(InviteServerTransaction tx) {
        accepted.put(dialogKey(tx.request()), tx);
    }

    void terminated(String key, Object tx) {
        servers.remove(key, tx);
        clients.remove(key, tx);
        if (tx instanceof InviteServerTransaction s) accepted.remove(dialogKey(s.request()), s);
    }

    /** Timer H fired: the peer never ACKed our final response. */
    void noAck(InviteServerTransaction tx) {
        LogKind.debug("sip", "no ACK for the final response to INVITE {} from {}", tx.request().callId(), tx.flow());
    }

    private static String dialogKey(SipRequest r) {
        return r.callId() + "|" + r.cseq().number();
    }

    /** §17.2.3: branch + sent-by + method; RFC 2543 peers (no magic cookie) by Call-ID, CSeq, From tag, sent-by. */
    static String serverKey(SipRequest r, String method) {
        Via via = r.topVia();
        String sentBy = via.host() + ":" + via.portOrDefault();
        String branch = via.branch().orElse("");
        if (branch.startsWith(Via.MAGIC_COOKIE) && branch.length() > Via.MAGIC_COOKIE.length()) {
            return branch + "|" + sentBy + "|" + method;
        }
        return "2543|" + r.callId() + "|" + r.cseq().number() + "|" + r.headers().from().tag().orElse("") + "|" + sentBy + "|" + method;
    }
}
