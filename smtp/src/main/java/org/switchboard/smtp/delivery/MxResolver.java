package org.switchboard.smtp.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes (RFC 5321 §5.1): MX records by preference, each target's
 * A and AAAA addresses; no MX means the domain itself is the host (implicit MX); a single MX of
 * "." is a null MX and means the domain takes no mail (RFC 7505 §3). Queries go straight to
 * the configured resolver without a cache, so tests can point it at a local DNS server.
 * Thread-safe: dnsjava resolvers may be shared.
 */
public final class MxResolver {
    /** One host to try, with its addresses; lower preference first. */
    public record Host(String name, int preference, List<InetAddress> addresses) {}

    /** A lookup that failed; {@code permanent} for "no such domain" or a null MX, else retry later. */
    public static final class DnsFailure extends Exception {
        private final boolean permanent;

        DnsFailure(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        public boolean permanent() { return permanent; }
    }

    private final Resolver resolver;

    /** @param server "host" or "host:port" of the DNS server to ask, or null for the system's resolvers */
    public MxResolver(String server, Duration timeout) {
        try {
            Resolver r = server == null ? new ExtendedResolver() : new SimpleResolver(address(server));
            r.setTimeout(timeout);
            this.resolver = r;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server " + server + " is not a valid address", e);
        }
    }

    static InetSocketAddress address(String server) throws UnknownHostException {
        String host = server;
        int port = 53;
        int colon = server.lastIndexOf(':');
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            host = server.substring(1, close);
            if (close + 1 < server.length() && server.charAt(close + 1) == ':') port = Integer.parseInt(server.substring(close + 2));
        } else if (colon > 0 && server.indexOf(':') == colon) {
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** The hosts to try for {@code domain}, best first, each with at least one address. */
    public List<Host> mailHosts(String domain) throws DnsFailure {
        Name name = name(domain);
        Message mx = query(name, Type.MX);
        List<MXRecord> records = new ArrayList<>();
        for (Record r : mx.getSection(Section.ANSWER)) if (r instanceof MXRecord m) records.add(m);
        List<Host> hosts = new ArrayList<>();
        if (records.isEmpty()) {
            List<InetAddress> a = addresses(name);
            if (a.isEmpty()) throw new DnsFailure("no MX or address records for " + domain, true);
            hosts.add(new Host(domain, 0, a));
            return hosts;
        }
        if (records.size() == 1 && records.getFirst().getTarget().equals(Name.root)) {
            throw new DnsFailure(domain + " does not accept mail (null MX, RFC 7505)", true);
        }
        records.sort(Comparator.comparingInt(MXRecord::getPriority));
        DnsFailure lastTemporary = null;
        for (MXRecord r : records) {
            if (r.getTarget().equals(Name.root)) continue;
            try {
                List<InetAddress> a = addresses(r.getTarget());
                if (!a.isEmpty()) hosts.add(new Host(strip(r.getTarget()), r.getPriority(), a));
            } catch (DnsFailure f) {
                if (!f.permanent()) lastTemporary = f;
            }
        }
        if (hosts.isEmpty()) {
            if (lastTemporary != null) throw lastTemporary;
            throw new DnsFailure("no MX host of " + domain + " has an address", false);
        }
        return hosts;
    }

    /** Whether the domain exists for mail at all (MX, A or AAAA): the optional sender-domain check. */
    public boolean hasMailRecords(String domain) throws DnsFailure {
        Name name = name(domain);
        Message mx = query(name, Type.MX);
        for (Record r : mx.getSection(Section.ANSWER)) if (r instanceof MXRecord) return true;
        return !addresses(name).isEmpty();
    }

    private List<InetAddress> addresses(Name name) throws DnsFailure {
        List<InetAddress> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Message m;
            try {
                m = query(name, type);
            } catch (DnsFailure f) {
                if (f.permanent() || type == Type.AAAA && !out.isEmpty()) continue;
                throw f;
            }
            for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) out.add(a.getAddress());
                else if (r instanceof AAAARecord a) out.add(a.getAddress());
            }
        }
        return out;
    }

    private Message query(Name name, int type) throws DnsFailure {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            throw new DnsFailure("DNS lookup of " + strip(name) + " " + Type.string(type) + " failed: " + e.getMessage(), false);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) throw new DnsFailure("domain " + strip(name) + " does not exist", true);
        if (rcode != Rcode.NOERROR) throw new DnsFailure("DNS lookup of " + strip(name) + " failed: " + Rcode.string(rcode), false);
        return response;
    }

    private static Name name(String domain) throws DnsFailure {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new DnsFailure("invalid domain " + domain, true);
        }
    }

    private static String strip(Name n) {
        String s = n.toString();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
