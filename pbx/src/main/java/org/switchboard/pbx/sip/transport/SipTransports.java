package org.switchboard.pbx.sip.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.switchboard.core.log.LogKind;
import org.switchboard.net.Connection;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.codec.SipMessage;
import org.switchboard.pbx.sip.codec.SipMessageReader;
import org.switchboard.pbx.sip.codec.SipMessageWriter;
import org.switchboard.pbx.sip.codec.SipParseException;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.codec.SipStreamReader;
import org.switchboard.pbx.sip.codec.Via;

/**
 * The transport layer (RFC 3261 §18): receives from UDP sockets and TCP/TLS connections, stamps received/rport
 * on the top Via of requests (§18.2.1, RFC 3581 §4), answers messages the codec refuses with the status it names
 * when they can be answered at all, and sends messages back along flows (§18.2.2, symmetric responses). Sources
 * the admission predicate refuses (lockout, IP restriction) are dropped before parsing, without any answer.
 * Thread-safe; inbound messages are handed to the sink on the receiving thread, which must not block.
 */
public final class SipTransports implements MessageSender, AutoCloseable {
    private final SipLimits limits;
    private final SipMessageReader reader;
    private final Predicate<InetAddress> admit;
    private final Consumer<Inbound> sink;
    private final List<UdpTransport> udp = new CopyOnWriteArrayList<>();
    private final Map<InetSocketAddress, StreamConnection> streams = new ConcurrentHashMap<>();

    public SipTransports(SipLimits limits, Predicate<InetAddress> admit, Consumer<Inbound> sink) {
        this.limits = limits;
        this.reader = new SipMessageReader(limits);
        this.admit = admit;
        this.sink = sink;
    }

    public SipLimits limits() { return limits; }

    public UdpTransport openUdp(InetSocketAddress bind) throws IOException {
        UdpTransport t = new UdpTransport(bind, this);
        udp.add(t);
        return t;
    }

    public List<UdpTransport> udpTransports() { return List.copyOf(udp); }

    /** The handler a net {@code TcpListener} runs per connection, for TCP or TLS bindings. */
    public ConnectionHandler streamHandler(Transport transport) {
        return connection -> serveStream(connection, transport);
    }

    @Override
    public boolean send(SipMessage message, Flow flow) {
        byte[] bytes = SipMessageWriter.write(message);
        if (LogKind.debugEnabled("sip")) LogKind.debug("sip", "sent to {}:\n{}", flow, new String(bytes, StandardCharsets.UTF_8));
        if (flow.transport() == Transport.UDP) {
            UdpTransport via = udpFor(flow);
            return via != null && via.send(bytes, flow.remote());
        }
        StreamConnection c = flow.connection();
        if (c == null || !c.isOpen()) c = streams.get(flow.remote());
        // We never open connections to phones: one behind NAT is only reachable on the connection it opened.
        return c != null && c.write(bytes);
    }

    /**
     * Where a response to a request that arrived on {@code requestFlow} goes: the same connection for streams;
     * for UDP the received address and the rport (RFC 3581 §4), else the sent-by port (RFC 3261 §18.2.2).
     */
    public static Flow responseFlow(SipResponse response, Flow requestFlow) {
        if (requestFlow.transport().reliable()) return requestFlow;
        Via via = response.topVia();
        String host = via.received().orElse(via.host());
        int port = via.params().get("rport").map(Integer::parseInt).orElse(via.portOrDefault());
        InetSocketAddress to = host.equals(requestFlow.remote().getAddress().getHostAddress()) || host.startsWith("[")
                ? new InetSocketAddress(requestFlow.remote().getAddress(), port)
                : new InetSocketAddress(host, port);
        return new Flow(Transport.UDP, to, requestFlow.local(), null);
    }

    void receiveDatagram(byte[] data, Flow flow, UdpTransport via) {
        if (!admit.test(flow.remote().getAddress())) {
            LogKind.debug("sip", "datagram from {} dropped: source not admitted (blocked or restricted)", flow);
            return;
        }
        if (isKeepAlive(data)) return;   // RFC 5626 §4.4.1 STUN/CRLF keep-alives carry nothing for us
        SipMessage message;
        try {
            message = reader.parseDatagram(data, 0, data.length);
        } catch (SipParseException e) {
            refuse(data, e, flow);
            return;
        }
        deliver(message, flow);
    }

    private static boolean isKeepAlive(byte[] data) {
        for (byte b : data) if (b != '\r' && b != '\n' && b != 0) return false;
        return true;
    }

    private void serveStream(Connection connection, Transport transport) throws IOException {
        InetSocketAddress remote = connection.remote();
        if (!admit.test(remote.getAddress())) {
            LogKind.debug("sip", "{} connection from {} closed: source not admitted", transport, remote);
            return;
        }
        StreamConnection sc = new StreamConnection(connection);
        Flow flow = new Flow(transport, remote, connection.local(), sc);
        streams.put(remote, sc);
        SipStreamReader framer = new SipStreamReader(limits);
        InputStream in = connection.input();
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) return;
                try {
                    framer.feed(buf, 0, n);
                    for (var m = framer.next(); m.isPresent(); m = framer.next()) {
                        if (!admit.test(remote.getAddress())) return;
                        deliver(m.get(), flow);
                    }
                } catch (SipParseException e) {
                    // A stream that cannot be framed cannot be resynchronized (RFC 4475 §3.1.2.3): answer, then close.
                    LogKind.debug("sip", "{} connection from {} closed: {}", transport, remote, e.getMessage());
                    return;
                }
                for (int p = framer.takePings(); p > 0; p--) sc.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } finally {
            sc.closed();
            streams.remove(remote, sc);
        }
    }

    private void deliver(SipMessage message, Flow flow) {
        if (LogKind.debugEnabled("sip")) {
            LogKind.debug("sip", "received from {}:\n{}", flow, new String(SipMessageWriter.write(message), StandardCharsets.UTF_8));
        }
        if (message instanceof SipRequest r) message = stampVia(r, flow);
        sink.accept(new Inbound(message, flow));
    }

    /** RFC 3261 §18.2.1 received; RFC 3581 §4 rport filled with the source port (received then always added). */
    static SipRequest stampVia(SipRequest r, Flow flow) {
        Via top = r.topVia();
        String ip = flow.remote().getAddress().getHostAddress();
        var params = top.params();
        boolean rport = top.hasRport();
        if (rport) params = params.with("rport", String.valueOf(flow.remote().getPort()));
        String host = top.host().startsWith("[") ? top.host().substring(1, top.host().length() - 1) : top.host();
        if (rport || !host.equals(ip)) params = params.with("received", ip);
        if (params.equals(top.params())) return r;
        List<Headers.Header> rebuilt = new java.util.ArrayList<>();
        boolean replaced = false;
        for (Headers.Header field : r.headers().list()) {
            if (!replaced && field.name().equals(HeaderNames.VIA)) {
                rebuilt.add(new Headers.Header(HeaderNames.VIA, top.withParams(params).toString()));
                replaced = true;
            } else {
                rebuilt.add(field);
            }
        }
        return r.withHeaders(new Headers(rebuilt));
    }

    /**
     * Answers a refused request when enough of it is readable to address a response (Via, From, To, Call-ID,
     * CSeq); everything else, including refused responses, is dropped (RFC 3261 §18.1.2) with a Debug line.
     */
    private void refuse(byte[] data, SipParseException e, Flow flow) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.startsWith("SIP/")) {
            LogKind.debug("sip", "response from {} dropped: {}", flow, e.getMessage());
            return;
        }
        SipResponse reply = ErrorReply.build(text, e);
        if (reply == null) {
            LogKind.debug("sip", "message from {} dropped, too broken to answer: {}", flow, e.getMessage());
            return;
        }
        LogKind.debug("sip", "request from {} refused with {}: {}", flow, e.status(), e.getMessage());
        send(reply, flow);
    }

    private UdpTransport udpFor(Flow flow) {
        for (UdpTransport t : udp) if (flow.local() == null || t.local().equals(flow.local())) return t;
        return udp.isEmpty() ? null : udp.get(0);
    }

    @Override
    public void close() {
        udp.forEach(UdpTransport::close);
        udp.clear();
    }
}
