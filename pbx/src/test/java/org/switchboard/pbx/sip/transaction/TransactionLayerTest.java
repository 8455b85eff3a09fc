package org.switchboard.pbx.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.switchboard.pbx.sip.ManualScheduler;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.codec.SipMessage;
import org.switchboard.pbx.sip.codec.SipMessageReader;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transport.Flow;
import org.switchboard.pbx.sip.transport.Inbound;
import org.switchboard.pbx.sip.transport.Transport;

/** The four RFC 3261 §17 state machines with a manual clock: every timer test runs instantly. */
class TransactionLayerTest {
    record Sent(SipMessage message, long at) {}

    final ManualScheduler clock = new ManualScheduler();
    final List<Sent> sent = new ArrayList<>();
    final List<ServerTransaction> requests = new ArrayList<>();
    final List<SipRequest> acks = new ArrayList<>();
    final List<ServerTransaction> cancels = new ArrayList<>();
    final TransactionLayer layer = new TransactionLayer((m, f) -> sent.add(new Sent(m, clock.nowMillis())), clock, Runnable::run, TimerValues.DEFAULT);
    final Flow udp = Flow.udp(new InetSocketAddress("127.0.0.1", 5070), new InetSocketAddress("127.0.0.1", 5060));
    final Flow tcp = new Flow(Transport.TCP, new InetSocketAddress("127.0.0.1", 5070), new InetSocketAddress("127.0.0.1", 5060), null);

    TransactionLayerTest() {
        layer.setUser(new TransactionUser() {
            @Override public void onRequest(ServerTransaction tx) { requests.add(tx); }
            @Override public void onCancel(ServerTransaction invite) { cancels.add(invite); }
            @Override public void onAck(SipRequest ack, Flow flow) { acks.add(ack); }
            @Override public void onStrayResponse(SipResponse response, Flow flow) { }
        });
    }

    static SipMessage msg(String text) {
        byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            return new SipMessageReader(SipLimits.DEFAULT).parseDatagram(b, 0, b.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static SipRequest request(String method, String branch, String toTag) {
        return (SipRequest) msg(method + " sip:1002@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + ";rport\n"
                + "From: <sip:1001@127.0.0.1>;tag=f1\nTo: <sip:1002@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag)
                + "\nCall-ID: c1\nCSeq: 1 " + method + "\nMax-Forwards: 70\nContent-Length: 0\n\n");
    }

    List<Integer> statuses() {
        return sent.stream().filter(s -> s.message() instanceof SipResponse).map(s -> ((SipResponse) s.message()).status()).toList();
    }

    List<Long> timesOf(int status) {
        return sent.stream().filter(s -> s.message() instanceof SipResponse r && r.status() == status).map(Sent::at).toList();
    }

    @Test
    void nonInviteServer_retransmittedRequest_getsLastResponseWithoutReachingTu() {
        SipRequest options = request("OPTIONS", "z9hG4bKopt1", null);
        layer.receive(new Inbound(options, udp));
        layer.receive(new Inbound(options, udp));
        assertThat(requests).hasSize(1);
        requests.get(0).respond(200);
        layer.receive(new Inbound(options, udp));
        assertThat(statuses()).containsExactly(200, 200);
        clock.advance(Duration.ofSeconds(31));
        assertThat(layer.serverTransactions()).isOne();
        clock.advance(Duration.ofSeconds(2));          // Timer J = 64*T1
        assertThat(layer.serverTransactions()).isZero();
    }

    @Test
    void nonInviteServer_reliableTransport_endsAtOnce() {
        layer.receive(new Inbound(request("OPTIONS", "z9hG4bKopt2", null), tcp));
        requests.get(0).respond(200);
        clock.advance(Duration.ZERO);
        assertThat(layer.serverTransactions()).isZero();
    }

    @Test
    void inviteServer_errorResponse_retransmittedWithTimerGUntilAck() {
        layer.receive(new Inbound(request("INVITE", "z9hG4bKinv1", null), udp));
        assertThat(statuses()).containsExactly(100);
        requests.get(0).respond(486);
        clock.advance(Duration.ofMillis(3600));
        // Timer G: 0.5 s, then doubling: 0.5, 1.5, 3.5 s after the first 486.
        assertThat(timesOf(486)).containsExactly(0L, 500L, 1500L, 3500L);
        layer.receive(new Inbound(request("ACK", "z9hG4bKinv1", "x"), udp));
        clock.advance(Duration.ofSeconds(4));
        assertThat(timesOf(486)).hasSize(4);
        assertThat(acks).isEmpty();                     // absorbed by the transaction
        clock.advance(Duration.ofSeconds(2));           // Timer I = T4
        assertThat(layer.serverTransactions()).isZero();
    }

    @Test
    void inviteServer_noAck_timerHEndsTransaction() {
        layer.receive(new Inbound(request("INVITE", "z9hG4bKinv2", null), udp));
        requests.get(0).respond(480);
        clock.advance(Duration.ofSeconds(31));
        assertThat(layer.serverTransactions()).isOne();
        assertThat(timesOf(480).get(timesOf(480).size() - 1)).isLessThanOrEqualTo(31_000L);
        clock.advance(Duration.ofSeconds(1));           // Timer H = 64*T1 = 32 s
        assertThat(layer.serverTransactions()).isZero();
    }

    @Test
    void inviteServer_2xx_retransmittedUntilDialogAck() {
        layer.receive(new Inbound(request("INVITE", "z9hG4bKinv3", null), udp));
        requests.get(0).respond(200);
        clock.advance(Duration.ofMillis(1600));
        assertThat(timesOf(200)).containsExactly(0L, 500L, 1500L);
        layer.receive(new Inbound(request("ACK", "z9hG4bKack3", requests.get(0).localTag()), udp));
        assertThat(acks).hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(timesOf(200)).hasSize(3);
    }

    @Test
    void inviteServer_cancel_answered200AndTuTold() {
        SipRequest invite = request("INVITE", "z9hG4bKinv4", null);
        layer.receive(new Inbound(invite, udp));
        layer.receive(new Inbound(request("CANCEL", "z9hG4bKinv4", null), udp));
        assertThat(cancels).hasSize(1).first().isSameAs(requests.get(0));
        assertThat(statuses()).containsExactly(100, 200);
        layer.receive(new Inbound(request("CANCEL", "z9hG4bKother", null), udp));
        assertThat(statuses()).endsWith(481);
    }

    @Test
    void inviteClient_noAnswer_timerARetransmitsAndTimerBTimesOut() {
        List<String> events = new ArrayList<>();
        layer.send(request("INVITE", TransactionLayer.newBranch(), null), udp, listener(events));
        clock.advance(Duration.ofSeconds(40));
        List<Long> times = sent.stream().map(Sent::at).toList();
        assertThat(times).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        assertThat(events).containsExactly("timeout");
        assertThat(layer.clientTransactions()).isZero();
    }

    @Test
    void inviteClient_busy_ackedByTransactionWithSameBranch() {
        List<String> events = new ArrayList<>();
        SipRequest invite = request("INVITE", "z9hG4bKout1", null);
        layer.send(invite, udp, listener(events));
        SipResponse busy = SipResponse.to(invite, 486, "Busy Here", "callee");
        layer.receive(new Inbound(busy, udp));
        layer.receive(new Inbound(busy, udp));
        List<SipRequest> acksSent = sent.stream().filter(s -> s.message() instanceof SipRequest r && r.is("ACK")).map(s -> (SipRequest) s.message()).toList();
        assertThat(acksSent).hasSize(2);
        assertThat(acksSent.get(0).topVia().branch()).contains("z9hG4bKout1");
        assertThat(acksSent.get(0).headers().to().tag()).contains("callee");
        assertThat(events).containsExactly("486");
        clock.advance(Duration.ofSeconds(33));          // Timer D
        assertThat(layer.clientTransactions()).isZero();
    }

    @Test
    void nonInviteClient_timerECappedAtT2_timerFAt32s() {
        List<String> events = new ArrayList<>();
        layer.send(request("OPTIONS", TransactionLayer.newBranch(), null), udp, listener(events));
        clock.advance(Duration.ofSeconds(33));
        List<Long> times = sent.stream().map(Sent::at).toList();
        assertThat(times).startsWith(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L);
        assertThat(times).doesNotHaveDuplicates().allMatch(t -> t < 32_000L);
        assertThat(events).containsExactly("timeout");
    }

    @Test
    void nonInviteClient_reliable_noRetransmissions() {
        List<String> events = new ArrayList<>();
        SipRequest bye = request("BYE", TransactionLayer.newBranch(), "t");
        layer.send(bye, tcp, listener(events));
        clock.advance(Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        layer.receive(new Inbound(SipResponse.to(bye, 200, "OK", null), tcp));
        assertThat(events).containsExactly("200");
        clock.advance(Duration.ZERO);
        assertThat(layer.clientTransactions()).isZero();
    }

    ClientTransaction.Listener listener(List<String> events) {
        return new ClientTransaction.Listener() {
            @Override public void onResponse(SipResponse r) { events.add(String.valueOf(r.status())); }
            @Override public void onTimeout() { events.add("timeout"); }
            @Override public void onTransportError() { events.add("error"); }
        };
    }
}
