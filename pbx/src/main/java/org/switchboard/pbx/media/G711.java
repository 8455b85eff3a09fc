package org.switchboard.pbx.media;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law (RTP payload type 0, PCMU) or A-law (type 8,
 * PCMA), RFC 3551 §4.5.14. Encoding rounds 16-bit samples to the 14 (µ-law) or 13 (A-law)
 * bits the recommendation works on, then runs its segment search: the same bytes sox produces, which the tests
 * check. Decoding uses tables built once. Stateless and thread-safe.
 */
public final class G711 {
    public static final int PCMU = 0, PCMA = 8;

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final int BIAS = 0x84;

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_DECODE[i] = decodeUlaw(i);
            ALAW_DECODE[i] = decodeAlaw(i);
        }
    }

    private G711() {}

    /** Whether {@code payloadType} is one of the two static G.711 types. */
    public static boolean supports(int payloadType) { return payloadType == PCMU || payloadType == PCMA; }

    public static byte encode(int payloadType, short sample) {
        return payloadType == PCMU ? ulaw(sample) : alaw(sample);
    }

    public static short decode(int payloadType, byte code) {
        return payloadType == PCMU ? ULAW_DECODE[code & 0xFF] : ALAW_DECODE[code & 0xFF];
    }

    static byte ulaw(short sample) {
        int v = Math.min((sample + 2) >> 2, 8191);   // rounded to the recommendation's 14 bits
        int mask = 0xFF;
        if (v < 0) {
            v = -v;
            mask = 0x7F;
        }
        if (v > 8159) v = 8159;
        v += BIAS >> 2;
        int seg = segment(v, 0x3F);
        if (seg >= 8) return (byte) (0x7F ^ mask);
        return (byte) (((seg << 4) | ((v >> (seg + 1)) & 0x0F)) ^ mask);
    }

    private static short decodeUlaw(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
    }

    static byte alaw(short sample) {
        int v = Math.min((sample + 4) >> 3, 4095);   // rounded to 13 bits
        int mask = 0xD5;
        if (v < 0) {
            mask = 0x55;
            v = -v - 1;
        }
        int seg = segment(v, 0x1F);
        if (seg >= 8) return (byte) (0x7F ^ mask);
        int code = (seg << 4) | (seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F);
        return (byte) (code ^ mask);
    }

    /** The first of eight segments whose end (first, doubled each step) is at least {@code v}; 8 beyond the last. */
    private static int segment(int v, int firstEnd) {
        int end = firstEnd;
        for (int seg = 0; seg < 8; seg++) {
            if (v <= end) return seg;
            end = (end << 1) | 1;
        }
        return 8;
    }

    private static short decodeAlaw(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) t += 8;
        else t = (t + 0x108) << (seg - 1);
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
