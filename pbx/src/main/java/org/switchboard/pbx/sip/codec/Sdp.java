package org.switchboard.pbx.sip.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session description (RFC 4566): the session-level lines and one {@link Media} per m= section, every line kept
 * in order so a description can be rewritten (the relay's address and ports) without losing what it does not
 * understand. Immutable. Parsing is bounded by {@link #MAX_LINES} and {@link #MAX_LINE}.
 */
public record Sdp(List<Line> session, List<Media> media) {
    public static final int MAX_LINES = 512, MAX_LINE = 4096;

    public record Line(char type, String value) {
        @Override
        public String toString() { return type + "=" + value; }
    }

    /** Offer/answer direction attributes (RFC 3264 §5.1, §8.4 hold). */
    public enum Direction { SENDRECV, SENDONLY, RECVONLY, INACTIVE }

    public record Media(String type, int port, String protocol, List<String> formats, List<Line> lines) {
        public Media {
            formats = List.copyOf(formats);
            lines = List.copyOf(lines);
        }

        public Optional<String> connectionAddress() { return Sdp.connection(lines); }

        public Optional<String> attribute(String name) {
            for (Line l : lines) {
                if (l.type() != 'a') continue;
                if (l.value().equals(name)) return Optional.of("");
                if (l.value().startsWith(name + ":")) return Optional.of(l.value().substring(name.length() + 1));
            }
            return Optional.empty();
        }

        public List<String> attributes(String name) {
            List<String> out = new ArrayList<>();
            for (Line l : lines) if (l.type() == 'a' && l.value().startsWith(name + ":")) out.add(l.value().substring(name.length() + 1));
            return out;
        }

        public Optional<Direction> direction() { return Sdp.direction(lines); }

        public Media withPort(int p) { return new Media(type, p, protocol, formats, lines); }

        public Media withConnection(String address) { return new Media(type, port, protocol, formats, Sdp.replaceConnection(lines, address, false)); }

        public Media withLines(List<Line> l) { return new Media(type, port, protocol, formats, l); }

        /** The m= line value. */
        public String mLine() { return type + " " + port + " " + protocol + " " + String.join(" ", formats); }
    }

    public Sdp {
        session = List.copyOf(session);
        media = List.copyOf(media);
    }

    public Optional<String> connectionAddress() { return connection(session); }

    public Optional<Direction> direction() { return direction(session); }

    /** The address a media stream is sent to: its own c= line, else the session's (RFC 4566 §5.7). */
    public Optional<String> connectionFor(Media m) {
        return m.connectionAddress().or(this::connectionAddress);
    }

    public Sdp withConnection(String address) {
        return new Sdp(replaceConnection(session, address, true), media.stream().map(m -> m.connectionAddress().isPresent() ? m.withConnection(address) : m).toList());
    }

    public Sdp withMedia(List<Media> m) { return new Sdp(session, m); }

    /** Replaces the o= line's address and bumps its version, as an answerer changing its description must (RFC 3264 §8). */
    public Sdp withOrigin(String username, long sessionId, long version, String address) {
        List<Line> l = new ArrayList<>();
        for (Line line : session) {
            if (line.type() == 'o') l.add(new Line('o', username + " " + sessionId + " " + version + " IN " + ipVersion(address) + " " + address));
            else l.add(line);
        }
        return new Sdp(l, media);
    }

    public byte[] toBytes() {
        StringBuilder b = new StringBuilder();
        for (Line l : session) b.append(l).append("\r\n");
        for (Media m : media) {
            b.append("m=").append(m.mLine()).append("\r\n");
            for (Line l : m.lines()) b.append(l).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String ipVersion(String address) { return address.indexOf(':') >= 0 ? "IP6" : "IP4"; }

    static Optional<String> connection(List<Line> lines) {
        for (Line l : lines) {
            if (l.type() != 'c') continue;
            String[] p = l.value().split(" ");
            if (p.length >= 3) {
                String a = p[2];
                int slash = a.indexOf('/');
                return Optional.of(slash < 0 ? a : a.substring(0, slash));
            }
        }
        return Optional.empty();
    }

    static Optional<Direction> direction(List<Line> lines) {
        for (Line l : lines) {
            if (l.type() != 'a') continue;
            switch (l.value()) {
                case "sendrecv" -> { return Optional.of(Direction.SENDRECV); }
                case "sendonly" -> { return Optional.of(Direction.SENDONLY); }
                case "recvonly" -> { return Optional.of(Direction.RECVONLY); }
                case "inactive" -> { return Optional.of(Direction.INACTIVE); }
                default -> { }
            }
        }
        return Optional.empty();
    }

    static List<Line> replaceConnection(List<Line> lines, String address, boolean addIfMissing) {
        List<Line> out = new ArrayList<>();
        boolean found = false;
        for (Line l : lines) {
            if (l.type() == 'c') {
                found = true;
                out.add(new Line('c', "IN " + ipVersion(address) + " " + address));
            } else {
                out.add(l);
            }
        }
        if (!found && addIfMissing) {
            // RFC 4566 §5: c= comes after o=, s=, i=, u=, e=, p= and before b=, t=.
            int at = 0;
            for (int i = 0; i < out.size(); i++) if ("vosiuep".indexOf(out.get(i).type()) >= 0) at = i + 1;
            out.add(at, new Line('c', "IN " + ipVersion(address) + " " + address));
        }
        return out;
    }

    public static Sdp parse(byte[] body) throws SipParseException {
        String text = new String(body, StandardCharsets.UTF_8);
        String[] raw = text.split("\r?\n");
        if (raw.length > MAX_LINES) throw new SipParseException(488, "SDP with more than " + MAX_LINES + " lines");
        List<Line> session = new ArrayList<>();
        List<Media> media = new ArrayList<>();
        String[] mLine = null;
        List<Line> current = null;
        int n = 0;
        for (String r : raw) {
            if (r.isEmpty()) continue;
            if (r.length() > MAX_LINE) throw new SipParseException(488, "SDP line over " + MAX_LINE + " characters");
            if (r.length() < 2 || r.charAt(1) != '=' || r.charAt(0) < 'a' || r.charAt(0) > 'z') {
                throw new SipParseException(488, "malformed SDP line '" + SipUri.clip(r) + "'");
            }
            char type = r.charAt(0);
            String value = r.substring(2);
            if (n++ == 0 && !(type == 'v' && value.equals("0"))) throw new SipParseException(488, "SDP must start with v=0");
            if (type == 'm') {
                if (mLine != null) media.add(media(mLine, current));
                mLine = value.split(" +");
                if (mLine.length < 4) throw new SipParseException(488, "malformed SDP m= line '" + SipUri.clip(value) + "'");
                current = new ArrayList<>();
            } else if (current != null) {
                current.add(new Line(type, value));
            } else {
                session.add(new Line(type, value));
            }
        }
        if (mLine != null) media.add(media(mLine, current));
        if (session.stream().noneMatch(l -> l.type() == 'o')) throw new SipParseException(488, "SDP without o= line");
        return new Sdp(session, media);
    }

    private static Media media(String[] m, List<Line> lines) throws SipParseException {
        String port = m[1];
        int slash = port.indexOf('/');
        if (slash >= 0) port = port.substring(0, slash);
        return new Media(m[0], Grammar.port(port), m[2], List.of(m).subList(3, m.length), lines);
    }
}
