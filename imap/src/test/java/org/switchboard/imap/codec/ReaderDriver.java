package org.switchboard.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the session's part against a reader: feeds chunks, answers continuations, copies APPEND message
 * literals out of the input, and records every event as a line of text for comparison.
 */
final class ReaderDriver {
    private final ImapRequestReader reader;
    private final List<String> events = new ArrayList<>();
    private final List<ReaderEvent> raw = new ArrayList<>();
    private long messageLeft = -1;
    private final StringBuilder message = new StringBuilder();

    ReaderDriver(ImapLimits limits) {
        this.reader = new ImapRequestReader(limits);
    }

    ReaderDriver() {
        this(ImapLimits.DEFAULTS);
    }

    ImapRequestReader reader() { return reader; }

    /** Runs the whole input split at the given offsets (ascending). */
    static ReaderDriver run(ImapLimits limits, byte[] input, int... splits) {
        ReaderDriver d = new ReaderDriver(limits);
        int from = 0;
        for (int split : splits) {
            d.feed(java.util.Arrays.copyOfRange(input, from, split));
            from = split;
        }
        d.feed(java.util.Arrays.copyOfRange(input, from, input.length));
        return d;
    }

    static ReaderDriver run(String input, int... splits) {
        return run(ImapLimits.DEFAULTS, input.getBytes(StandardCharsets.UTF_8), splits);
    }

    void feed(String text) {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    void feed(byte[] chunk) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        while (true) {
            if (messageLeft >= 0) {
                int n = (int) Math.min(messageLeft, in.remaining());
                byte[] part = new byte[n];
                in.get(part);
                message.append(new String(part, StandardCharsets.ISO_8859_1));
                messageLeft -= n;
                if (messageLeft > 0) return;
                events.add("MESSAGE " + message);
                message.setLength(0);
                messageLeft = -1;
                reader.messageConsumed();
            }
            ReaderEvent e = reader.next(in);
            if (e instanceof ReaderEvent.NeedInput) {
                if (in.hasRemaining()) throw new AssertionError("NeedInput with bytes left");
                return;
            }
            raw.add(e);
            switch (e) {
                case ReaderEvent.Continue c -> events.add("+");
                case ReaderEvent.Request r -> events.add(r.request().toString());
                case ReaderEvent.Rejected r -> events.add((r.tag() == null ? "*" : r.tag()) + (r.no() ? " NO " : " BAD ")
                        + (r.code() == null ? "" : "[" + r.code() + "] ") + r.text());
                case ReaderEvent.MessageLiteral m -> {
                    events.add((m.synchronizing() ? "+" : "") + "LITERAL " + m.append());
                    messageLeft = m.append().size();
                }
                case ReaderEvent.Line l -> events.add("LINE " + new String(l.bytes(), StandardCharsets.UTF_8));
                case ReaderEvent.NeedInput n -> throw new AssertionError();
            }
        }
    }

    List<String> events() { return events; }

    List<ReaderEvent> rawEvents() { return raw; }

    /** The single request the input held. */
    ImapRequest request() {
        List<ImapRequest> requests = raw.stream().filter(ReaderEvent.Request.class::isInstance)
                .map(e -> ((ReaderEvent.Request) e).request()).toList();
        if (requests.size() != 1 || raw.size() != requests.size() + raw.stream().filter(ReaderEvent.Continue.class::isInstance).count()) {
            throw new AssertionError("expected exactly one request, got " + events);
        }
        return requests.get(0);
    }
}
