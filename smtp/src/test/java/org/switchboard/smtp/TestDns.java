package org.switchboard.smtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, a free port) built on dnsjava's message
 * codec: MX, A and AAAA records from maps; unknown names get NXDOMAIN unless they appear in any
 * map (then NOERROR with no answer). Runs on one virtual thread until closed.
 */
public final class TestDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<String[]>> mx = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Thread thread;

    public TestDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        thread = Thread.ofVirtual().name("test-dns").start(this::serve);
    }

    /** "127.0.0.1:port" for SmtpSettings.Delivery.dnsServer. */
    public String server() { return "127.0.0.1:" + socket.getLocalPort(); }

    public TestDns mx(String domain, int preference, String host) {
        mx.computeIfAbsent(key(domain), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(new String[] {String.valueOf(preference), host});
        return this;
    }

    public TestDns address(String host, String ip) throws IOException {
        addresses.computeIfAbsent(key(host), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(InetAddress.getByName(ip));
        return this;
    }

    private static String key(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                Message query = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        Record q = query.getQuestion();
        r.addRecord(q, Section.QUESTION);
        Name name = q.getName();
        String k = key(name.toString());
        boolean known = mx.containsKey(k) || addresses.containsKey(k);
        if (!known) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
            return r;
        }
        List<Record> out = new ArrayList<>();
        if (q.getType() == Type.MX) {
            for (String[] m : mx.getOrDefault(k, List.of())) {
                out.add(new MXRecord(name, DClass.IN, 60, Integer.parseInt(m[0]), Name.fromString(key(m[1]))));
            }
        } else if (q.getType() == Type.A || q.getType() == Type.AAAA) {
            for (InetAddress a : addresses.getOrDefault(k, List.of())) {
                if (q.getType() == Type.A && a instanceof java.net.Inet4Address) out.add(new ARecord(name, DClass.IN, 60, a));
                if (q.getType() == Type.AAAA && a instanceof java.net.Inet6Address) out.add(new AAAARecord(name, DClass.IN, 60, a));
            }
        }
        for (Record rec : out) r.addRecord(rec, Section.ANSWER);
        return r;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
