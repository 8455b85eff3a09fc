package org.switchboard.pbx.media;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law (RTP payload type 0, PCMU) or A-law (type 8,
 * PCMA), RFC 3551 §4.5.14. Encoding rounds 16-bit samples to the 14 (µ-law) or 13 (A-law) bits the recommendation
 * works on, then runs its segment search: the same bytes sox produces, which the tests check. Decoding, and the
 * direct µ-law/A-law conversions of G.711 Tables 3 and 4 (the relay joining phones of different laws), use tables
 * built once. Stateless and thread-safe.
 */
public final class G711 {
    public static final int PCMU = 0, PCMA = 8;

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final int BIAS = 0x84;

    /*
     * G.711 Table 3 (µ-law to A-law) and Table 4 (A-law to µ-law) over magnitudes: index and value count up from
     * the smallest magnitude (µ-law code 0x7F/0xFF, A-law code 0x55/0xD5); Table 3's values are one-based. The
     * sign carries over. Not decode-then-encode: the recommendation fixes these so that µ-law -> A-law -> µ-law
     * is transparent above the lowest 16 magnitudes, where µ-law has twice A-law's resolution.
     */
    private static final int[] ULAW_TO_ALAW_MAGNITUDE = {
        1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
        9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 27, 29, 31, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
        46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62,
        64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79,
        80, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96,
        97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
        113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128};
    private static final int[] ALAW_TO_ULAW_MAGNITUDE = {
        1, 3, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30, 31, 32, 32, 33, 33, 34, 34, 35, 35,
        36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 48, 49, 49,
        50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 64,
        65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
        80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
        96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
        112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127};
    /** Indexed by the code as unsigned byte; shared, never written after class initialisation. */
    static final byte[] ULAW_TO_ALAW = new byte[256];
    static final byte[] ALAW_TO_ULAW = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_DECODE[i] = decodeUlaw(i);
            ALAW_DECODE[i] = decodeAlaw(i);
            // µ-law sends magnitudes inverted (0xFF/0x7F is zero), A-law with its even bits inverted (0x55 mask).
            boolean positive = (i & 0x80) != 0;
            int ulawMagnitude = (positive ? 0xFF : 0x7F) ^ i;
            ULAW_TO_ALAW[i] = (byte) ((positive ? 0xD5 : 0x55) ^ (ULAW_TO_ALAW_MAGNITUDE[ulawMagnitude] - 1));
            int alawMagnitude = (positive ? 0xD5 : 0x55) ^ i;
            ALAW_TO_ULAW[i] = (byte) ((positive ? 0xFF : 0x7F) ^ ALAW_TO_ULAW_MAGNITUDE[alawMagnitude]);
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

    /** The A-law code G.711 Table 3 gives for a µ-law code. */
    public static byte ulawToAlaw(byte ulaw) { return ULAW_TO_ALAW[ulaw & 0xFF]; }

    /** The µ-law code G.711 Table 4 gives for an A-law code. */
    public static byte alawToUlaw(byte alaw) { return ALAW_TO_ULAW[alaw & 0xFF]; }

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
