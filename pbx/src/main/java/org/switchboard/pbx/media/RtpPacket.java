package org.switchboard.pbx.media;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An RTP packet's fixed header and payload bounds (RFC 3550 §5.1), read without copying: CSRC list, header
 * extension (§5.3.1) and padding (§5.1 P bit) are skipped. Anything that does not add up is not RTP.
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] buffer, int payloadOffset,
                        int payloadLength) {
    public static final int HEADER = 12;

    public static Optional<RtpPacket> parse(byte[] b, int length) {
        int offset = payloadStart(b, length);
        if (offset < 0) return Optional.empty();
        int end = payloadEnd(b, length);
        ByteBuffer h = ByteBuffer.wrap(b, 0, HEADER);
        int pt = b[1] & 0x7F;
        boolean marker = (b[1] & 0x80) != 0;
        int seq = h.getShort(2) & 0xFFFF;
        long ts = h.getInt(4) & 0xFFFFFFFFL;
        long ssrc = h.getInt(8) & 0xFFFFFFFFL;
        return Optional.of(new RtpPacket(pt, marker, seq, ts, ssrc, b, offset, end - offset));
    }

    /** Where the payload of the datagram in {@code b} starts, or -1 when it is not RTP; allocates nothing (the relay's path). */
    static int payloadStart(byte[] b, int length) {
        if (length < HEADER || (b[0] & 0xC0) != 0x80) return -1;
        int offset = HEADER + 4 * (b[0] & 0x0F);
        if ((b[0] & 0x10) != 0) {
            if (offset + 4 > length) return -1;
            offset += 4 + 4 * (((b[offset + 2] & 0xFF) << 8) | (b[offset + 3] & 0xFF));
        }
        return offset > payloadEnd(b, length) ? -1 : offset;
    }

    /** Where the payload ends: before the padding (§5.1 P bit), whose length is the datagram's last byte. */
    static int payloadEnd(byte[] b, int length) {
        return (b[0] & 0x20) != 0 ? length - (b[length - 1] & 0xFF) : length;
    }

    /** Writes a header without CSRCs or extension into {@code out} and returns the header length. */
    static int header(ByteBuffer out, int payloadType, boolean marker, int sequence, long timestamp, long ssrc) {
        out.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F))).putShort((short) sequence)
                .putInt((int) timestamp).putInt((int) ssrc);
        return HEADER;
    }
}
