package org.switchboard.pbx.media;

/**
 * How RTP from one phone is handed to another, by payload type, worked out once per pair of {@link RtpFormats}:
 * the same encoding goes through (with the receiver's number when the two phones numbered a dynamic type
 * differently, e.g. telephone-event 101 and 96); G.711 µ-law and A-law are converted into each other when the
 * receiver has only the other law (same 8 kHz clock, so sequence numbers and timestamps stay); anything else
 * the receiver did not negotiate is dropped. Immutable.
 */
final class PayloadRoute {
    static final int DROP = -1;
    static final PayloadRoute PASS = new PayloadRoute(true);

    private final boolean pass;
    private final int[] target = new int[128];
    private final byte[][] conversion = new byte[128][];

    private PayloadRoute(boolean pass) {
        this.pass = pass;
    }

    static PayloadRoute between(RtpFormats from, RtpFormats to) {
        if (from.any() || to.any()) return PASS;
        PayloadRoute r = new PayloadRoute(false);
        for (int pt = 0; pt < 128; pt++) {
            String encoding = from.encoding(pt);
            int same = encoding == null ? -1 : to.payloadType(encoding);
            r.target[pt] = same;
            if (same >= 0) continue;
            if (RtpFormats.PCMU.equals(encoding) && (r.target[pt] = to.payloadType(RtpFormats.PCMA)) >= 0) r.conversion[pt] = G711.ULAW_TO_ALAW;
            else if (RtpFormats.PCMA.equals(encoding) && (r.target[pt] = to.payloadType(RtpFormats.PCMU)) >= 0) r.conversion[pt] = G711.ALAW_TO_ULAW;
        }
        return r;
    }

    /** The receiver's payload type for a packet of type {@code pt}, or {@link #DROP}. */
    int target(int pt) { return pass ? pt : target[pt]; }

    /** The code conversion table for the payload, or null when the payload goes as it is. */
    byte[] conversion(int pt) { return pass ? null : conversion[pt]; }
}
