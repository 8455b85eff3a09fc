package org.switchboard.smtp.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads the text after DATA up to the end marker CRLF "." CRLF (RFC 5321 §4.1.1.4), removing
 * dot-stuffing (§4.5.2) and streaming the message to a sink. Only CRLF ends a line: a bare CR or
 * LF never starts the end marker (the SMTP smuggling defence, RFC 5321 §2.3.8), and is reported.
 * It works inside the connection's {@link SmtpInput} buffer, so it scans whole runs of text at
 * once yet never consumes bytes past the end marker, which belong to the next pipelined command
 * (RFC 2920 §3.1). After a problem the rest of the data is still read, but nothing more is
 * written. Single use, not thread-safe.
 */
public final class DataReader {
    private enum State { LINE_START, IN_LINE, DOT_AT_START, DOT_CR, CR }

    private final SmtpLimits limits;

    public DataReader(SmtpLimits limits) {
        this.limits = limits;
    }

    /** @throws EOFException the stream ended before the end marker: nothing may be accepted */
    public MessageResult read(SmtpInput in, OutputStream sink) throws IOException {
        MessageChecks checks = new MessageChecks(limits, sink);
        State state = State.LINE_START;
        int lineLength = 0;
        int maxLine = limits.maxTextLine() - 2;
        while (true) {
            if (in.pos == in.limit && !in.fill()) throw new EOFException("connection closed before the end of DATA");
            if (state == State.IN_LINE) {
                // Fast path: the run of ordinary text up to the next CR or LF, handed over in one piece.
                byte[] a = in.buffer;
                int start = in.pos;
                int i = start;
                int end = in.limit;
                while (i < end && a[i] != '\r' && a[i] != '\n') i++;
                if (i > start) {
                    lineLength += i - start;
                    if (lineLength > maxLine) checks.fail(MessageProblem.LINE_TOO_LONG);
                    checks.accept(a, start, i - start);
                    in.pos = i;
                    if (i == end) continue;
                }
            }
            int b = in.buffer[in.pos++] & 0xff;
            switch (state) {
                case LINE_START -> {
                    lineLength = 0;
                    if (b == '.') {
                        lineLength = 1;
                        state = State.DOT_AT_START;
                        continue;
                    }
                }
                case DOT_AT_START -> {
                    if (b == '\r') {
                        state = State.DOT_CR;
                        continue;
                    }
                    // A leading dot followed by text was stuffing: drop it (RFC 5321 §4.5.2).
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        checks.flush();
                        return checks.result();
                    }
                    checks.fail(MessageProblem.BARE_LINE_END);
                }
                case CR -> {
                    if (b == '\n') {
                        checks.accept('\r');
                        checks.accept('\n');
                        state = State.LINE_START;
                        continue;
                    }
                    checks.fail(MessageProblem.BARE_LINE_END);
                }
                case IN_LINE -> { }
            }
            if (b == '\r') {
                state = State.CR;
                continue;
            }
            if (b == '\n') {
                // A bare LF is not a line end, so "\n.\n" or "\n.\r\n" can never end the message.
                checks.fail(MessageProblem.BARE_LINE_END);
            }
            state = State.IN_LINE;
            if (++lineLength > maxLine) checks.fail(MessageProblem.LINE_TOO_LONG);
            checks.accept(b);
        }
    }
}
