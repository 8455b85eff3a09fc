package org.switchboard.smtp.codec;

/**
 * What reading a message body found.
 *
 * @param bytes    octets of the message after un-stuffing
 * @param eightBit whether any octet was 0x80 or above
 * @param received Received header fields in the message as it arrived (the hop count)
 */
public record MessageResult(MessageProblem problem, long bytes, boolean eightBit, int received) {
    public boolean ok() { return problem == MessageProblem.NONE; }
}
