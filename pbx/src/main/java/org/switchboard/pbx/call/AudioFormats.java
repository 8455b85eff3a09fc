package org.switchboard.pbx.call;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.pbx.media.G711;
import org.switchboard.pbx.media.RtpFormats;
import org.switchboard.pbx.sip.codec.Sdp;

/**
 * The B2BUA's codec decisions on an audio m= line. Offers it passes on carry both G.711 laws, since the relay
 * converts between them (G.711 Tables 3/4): a phone that has only the other law still answers instead of
 * refusing with 488. Answers it passes back name each format in the offerer's own numbering (RFC 3264 §6.1: an
 * answer lists formats of the offer), the other law standing in for the one the answerer chose when the offerer
 * lacks it. {@link #of} gives the relay side what its phone negotiated. Pure functions.
 */
final class AudioFormats {
    /** RFC 3551 §6 (Table 4): static audio payload types, which need no rtpmap. */
    private static final Map<Integer, String> STATIC = Map.ofEntries(Map.entry(0, "PCMU/8000"), Map.entry(3, "GSM/8000"),
            Map.entry(4, "G723/8000"), Map.entry(5, "DVI4/8000"), Map.entry(6, "DVI4/16000"), Map.entry(7, "LPC/8000"),
            Map.entry(8, "PCMA/8000"), Map.entry(9, "G722/8000"), Map.entry(10, "L16/44100/2"), Map.entry(11, "L16/44100"),
            Map.entry(12, "QCELP/8000"), Map.entry(13, "CN/8000"), Map.entry(14, "MPA/90000"), Map.entry(15, "G728/8000"),
            Map.entry(16, "DVI4/11025"), Map.entry(17, "DVI4/22050"), Map.entry(18, "G729/8000"));
    private static final String PCMU = String.valueOf(G711.PCMU);
    private static final String PCMA = String.valueOf(G711.PCMA);

    private AudioFormats() {}

    /** What the phone that sent or received {@code sdp} as its final answer negotiated; {@link RtpFormats#ANY} without audio. */
    static RtpFormats of(Sdp sdp) {
        return Call.audio(sdp).map(m -> RtpFormats.of(encodings(m))).orElse(RtpFormats.ANY);
    }

    /** Payload type to normalised encoding, in the m= line's order; formats without a known encoding are left out. */
    static Map<Integer, String> encodings(Sdp.Media m) {
        Map<Integer, String> mapped = new LinkedHashMap<>();
        for (String map : m.attributes("rtpmap")) {
            String[] p = map.strip().split("\\s+", 2);
            Integer pt = payloadType(p[0]);
            if (p.length == 2 && pt != null) mapped.putIfAbsent(pt, RtpFormats.normalise(p[1]));
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String f : m.formats()) {
            Integer pt = payloadType(f);
            if (pt == null) continue;
            String e = mapped.containsKey(pt) ? mapped.get(pt) : STATIC.containsKey(pt) ? RtpFormats.normalise(STATIC.get(pt)) : null;
            if (e != null) out.putIfAbsent(pt, e);
        }
        return out;
    }

    /** The offer's first audio stream with the missing G.711 law added right after the one it has. */
    static Sdp withBothLaws(Sdp offer) {
        Sdp.Media audio = Call.audio(offer).orElse(null);
        if (audio == null) return offer;
        boolean u = audio.formats().contains(PCMU), a = audio.formats().contains(PCMA);
        if (u == a) return offer;
        String present = u ? PCMU : PCMA, added = u ? PCMA : PCMU;
        List<String> formats = new ArrayList<>(audio.formats());
        formats.add(formats.indexOf(present) + 1, added);
        List<Sdp.Line> lines = new ArrayList<>();
        Sdp.Line map = new Sdp.Line('a', "rtpmap:" + added + (u ? " PCMA/8000" : " PCMU/8000"));
        boolean placed = false;
        for (Sdp.Line l : audio.lines()) {
            if (!placed && l.type() == 'a' && l.value().startsWith("rtpmap:")) {
                lines.add(map);
                placed = true;
            }
            lines.add(l);
        }
        if (!placed) lines.add(0, map);
        List<Sdp.Media> media = new ArrayList<>();
        for (Sdp.Media m : offer.media()) media.add(m == audio ? new Sdp.Media(m.type(), m.port(), m.protocol(), formats, lines) : m);
        return offer.withMedia(media);
    }

    /**
     * Our answer's audio line to {@code offered}, from the other phone's {@code answered} line: each answered format
     * under the offer's payload type for the same encoding, or the offer's other G.711 law for a law it lacks (the
     * relay converts); formats the offerer cannot take are left out. The offer's rtpmap lines describe the kept
     * formats, the answer's fmtp lines go along renumbered (not for a converted law), other attributes unchanged.
     * When nothing is left, the answered formats go as they are, as before codecs were matched.
     */
    static Sdp.Media answer(Sdp.Media offered, Sdp.Media answered, int port) {
        List<Sdp.Line> withoutConnection = answered.lines().stream().filter(l -> l.type() != 'c').toList();
        Map<Integer, String> ours = encodings(offered);
        Map<Integer, String> theirs = encodings(answered);
        Map<Integer, Integer> renumbered = new LinkedHashMap<>();
        Map<Integer, Boolean> converted = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> e : theirs.entrySet()) {
            Integer pt = first(ours, e.getValue());
            boolean convert = false;
            if (pt == null && (e.getValue().equals(RtpFormats.PCMU) || e.getValue().equals(RtpFormats.PCMA))) {
                pt = first(ours, e.getValue().equals(RtpFormats.PCMU) ? RtpFormats.PCMA : RtpFormats.PCMU);
                convert = true;
            }
            if (pt != null && !renumbered.containsValue(pt)) {
                renumbered.put(e.getKey(), pt);
                converted.put(e.getKey(), convert);
            }
        }
        if (renumbered.isEmpty()) return new Sdp.Media("audio", port, answered.protocol(), answered.formats(), withoutConnection);
        List<String> formats = renumbered.values().stream().map(String::valueOf).toList();
        List<Sdp.Line> lines = new ArrayList<>();
        for (Integer pt : renumbered.values()) {
            for (String map : offered.attributes("rtpmap")) if (pt.equals(payloadType(map.strip().split("\\s+", 2)[0]))) lines.add(new Sdp.Line('a', "rtpmap:" + map));
        }
        for (Sdp.Line l : withoutConnection) {
            if (l.type() == 'a' && l.value().startsWith("rtpmap:")) continue;
            if (l.type() == 'a' && l.value().startsWith("fmtp:")) {
                String[] p = l.value().substring(5).split("\\s+", 2);
                Integer pt = payloadType(p[0]);
                if (pt == null || !renumbered.containsKey(pt) || converted.get(pt)) continue;
                lines.add(new Sdp.Line('a', "fmtp:" + renumbered.get(pt) + (p.length == 2 ? " " + p[1] : "")));
                continue;
            }
            lines.add(l);
        }
        return new Sdp.Media("audio", port, answered.protocol(), formats, lines);
    }

    private static Integer first(Map<Integer, String> encodings, String encoding) {
        for (Map.Entry<Integer, String> e : encodings.entrySet()) if (e.getValue().equals(encoding)) return e.getKey();
        return null;
    }

    private static Integer payloadType(String s) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) return null;
        int pt = Integer.parseInt(s);
        return pt <= 127 ? pt : null;
    }
}
