package org.switchboard.core.definitions;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.switchboard.core.error.Problem;

/** One parsed entry of an IP address group. IPv4 and IPv6 never match each other. */
sealed interface IpEntry {
    boolean matches(InetAddress address);

    record Range(byte[] from, byte[] to) implements IpEntry {
        @Override
        public boolean matches(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != from.length) return false;
            BigInteger v = new BigInteger(1, a);
            return v.compareTo(new BigInteger(1, from)) >= 0 && v.compareTo(new BigInteger(1, to)) <= 0;
        }
    }

    record GroupRef(String name) implements IpEntry {
        @Override
        public boolean matches(InetAddress address) { throw new IllegalStateException("group references are resolved by IpGroups"); }
    }

    static IpEntry parse(String raw) {
        String s = raw.trim();
        if (s.regionMatches(true, 0, "group:", 0, 6)) {
            String n = s.substring(6).trim();
            if (n.isEmpty()) throw Problem.invalid("entries", "'" + raw + "': name the group after 'group:'");
            return new GroupRef(n);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            byte[] net = literal(raw, s.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw Problem.invalid("entries", "'" + raw + "': the prefix length must be a number");
            }
            if (bits < 0 || bits > net.length * 8) throw Problem.invalid("entries", "'" + raw + "': prefix length out of range");
            byte[] lo = net.clone(), hi = net.clone();
            for (int i = bits; i < net.length * 8; i++) {
                lo[i / 8] &= (byte) ~(0x80 >>> (i % 8));
                hi[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            return new Range(lo, hi);
        }
        int dash = s.indexOf('-');
        if (dash >= 0) {
            byte[] from = literal(raw, s.substring(0, dash)), to = literal(raw, s.substring(dash + 1));
            if (from.length != to.length) throw Problem.invalid("entries", "'" + raw + "': both ends must be IPv4 or both IPv6");
            if (new BigInteger(1, from).compareTo(new BigInteger(1, to)) > 0) {
                throw Problem.invalid("entries", "'" + raw + "': the range starts after it ends");
            }
            return new Range(from, to);
        }
        byte[] host = literal(raw, s);
        return new Range(host, host);
    }

    /** Parses an IP literal without ever doing a DNS lookup. */
    static byte[] literal(String raw, String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}") && java.util.Arrays.stream(t.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) throw Problem.invalid("entries", "'" + raw + "' is not an IP address, range, network or group:Name");
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            return b;
        } catch (UnknownHostException e) {
            throw Problem.invalid("entries", "'" + raw + "' is not a valid IP address");
        }
    }
}
