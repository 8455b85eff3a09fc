package org.switchboard.pbx.media;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one phone negotiated for its audio stream: the encoding each RTP payload type number stands for
 * (RFC 3551 static types and the SDP's rtpmap for dynamic ones, RFC 4566 §6), as the relay needs it to hand a
 * packet from one phone to another. Encodings are "name/rate" in lower case ("pcmu/8000",
 * "telephone-event/8000"). {@link #ANY} is a side nothing was negotiated for: its packets pass untouched.
 * Immutable.
 */
public final class RtpFormats {
    public static final RtpFormats ANY = new RtpFormats(null);
    public static final String PCMU = "pcmu/8000", PCMA = "pcma/8000", TELEPHONE_EVENT = "telephone-event/8000";

    private final String[] encodings;

    private RtpFormats(String[] encodings) {
        this.encodings = encodings;
    }

    /** @param byType encoding names by payload type (0-127; others ignored), any case, channels "/1" optional */
    public static RtpFormats of(Map<Integer, String> byType) {
        String[] e = new String[128];
        byType.forEach((pt, name) -> {
            if (pt >= 0 && pt < 128 && name != null) e[pt] = normalise(name);
        });
        return new RtpFormats(e);
    }

    /** "PCMU/8000/1" and "pcmu/8000" name the same encoding (RFC 4566 §6: channels default to one). */
    public static String normalise(String encoding) {
        String e = encoding.strip().toLowerCase(Locale.ROOT);
        return e.endsWith("/1") && e.indexOf('/') < e.length() - 2 ? e.substring(0, e.length() - 2) : e;
    }

    public boolean any() { return encodings == null; }

    /** The encoding of {@code payloadType}, or null when this phone did not negotiate it (or for {@link #ANY}). */
    public String encoding(int payloadType) {
        return encodings == null || payloadType < 0 || payloadType > 127 ? null : encodings[payloadType];
    }

    /** The lowest payload type this phone uses for {@code encoding} (normalised), or -1. */
    public int payloadType(String encoding) {
        if (encodings == null) return -1;
        for (int pt = 0; pt < 128; pt++) if (encoding.equals(encodings[pt])) return pt;
        return -1;
    }

    @Override
    public String toString() {
        if (encodings == null) return "any";
        StringJoiner j = new StringJoiner(" ");
        for (int pt = 0; pt < 128; pt++) if (encodings[pt] != null) j.add(pt + "=" + encodings[pt]);
        return j.toString();
    }
}
