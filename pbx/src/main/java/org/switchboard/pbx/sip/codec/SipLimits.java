package org.switchboard.pbx.sip.codec;

/**
 * Every size limit of the SIP codec in one place, so DoS resistance can be audited here. A message over a
 * limit is refused with a clear reason (RFC 3261 §21.4.14 413 / §21.5.12 513 when a response is possible).
 *
 * @param maxMessageBytes   whole message, start line to end of body (a UDP datagram can carry at most 65,507)
 * @param maxHeaderBytes    start line plus header section including the blank line
 * @param maxHeaderFields   header field values after splitting comma lists
 * @param maxBodyBytes      Content-Length accepted
 * @param maxValuesPerField values in one comma-separated field (Via, Contact, Route ...)
 */
public record SipLimits(int maxMessageBytes, int maxHeaderBytes, int maxHeaderFields, int maxBodyBytes, int maxValuesPerField) {
    public static final SipLimits DEFAULT = new SipLimits(65_535, 32_768, 256, 32_768, 64);

    public SipLimits {
        if (maxMessageBytes < 512 || maxHeaderBytes < 256 || maxHeaderFields < 8 || maxBodyBytes < 0 || maxValuesPerField < 1) {
            throw new IllegalArgumentException("SIP limits too small to carry any real message");
        }
    }
}
