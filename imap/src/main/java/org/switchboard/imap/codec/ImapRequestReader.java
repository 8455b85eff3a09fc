package org.switchboard.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames and parses client commands from bytes (RFC 9051 §2.2, §4.3 literals; RFC 7888 LITERAL+/-;
 * RFC 3516 literal8). Push style: the session hands over whatever it has read, the reader consumes
 * what it can and says what happened. Pure: no I/O, so the same bytes split at any offset give the
 * same events. Every bound comes from {@link ImapLimits}; a command that trips one, or fails to parse,
 * is skipped to its end (following its non-synchronizing literals) and reported, never fatal.
 * APPEND message literals are never buffered: the reader stops in front of them. One connection, one thread.
 */
public final class ImapRequestReader {
    private enum Mode { LINE, RAW_LINE, LITERAL, SKIP_LINE, SKIP_LITERAL, MESSAGE, AFTER_MESSAGE }

    /** A literal announcement at the end of a line: "{n}", "{n+}", "~{n}" or "~{n+}". */
    private record Marker(int start, long size, boolean synchronizing, boolean binary) {}

    private static final int TAIL = 32;

    private final ImapLimits limits;
    private boolean utf8Names;
    private Mode mode = Mode.LINE;

    private byte[] line = new byte[256];
    private int lineLength;
    private final byte[] tail = new byte[TAIL];
    private int tailLength;

    private final List<Object> parts = new ArrayList<>();
    private final CommandScan scan;
    private long commandBytes;
    private String tag;

    private byte[] literal;
    private int literalFilled;
    private boolean literalBinary;
    private long skipRemaining;
    private ReaderEvent.Rejected pending;
    private ImapRequest.Append append;
    private boolean messageSynchronizing;

    public ImapRequestReader(ImapLimits limits) {
        this.limits = limits;
        this.scan = new CommandScan(limits);
    }

    public ImapLimits limits() { return limits; }

    /** After ENABLE UTF8=ACCEPT (RFC 6855 §3) mailbox names are UTF-8, no longer modified UTF-7. */
    public void utf8Names(boolean on) { this.utf8Names = on; }

    /** The next line is returned whole as a {@link ReaderEvent.Line} (IDLE's DONE, AUTHENTICATE responses). */
    public void readRawLine() {
        if (mode != Mode.LINE || !parts.isEmpty() || lineLength != 0) throw new IllegalStateException("a command is being read");
        mode = Mode.RAW_LINE;
    }

    /** Whether bytes of an unfinished command are held (STARTTLS and COMPRESS need a clean boundary). */
    public boolean holdsPartialCommand() {
        return mode != Mode.LINE || lineLength != 0 || !parts.isEmpty();
    }

    /** The session copied or drained the whole message literal announced by {@link ReaderEvent.MessageLiteral}. */
    public void messageConsumed() {
        if (mode != Mode.MESSAGE) throw new IllegalStateException("no message literal is pending");
        mode = Mode.AFTER_MESSAGE;
    }

    /**
     * The session refused a synchronizing message literal (it answered instead of sending "+"), so the
     * client will not send it and the command is over (RFC 9051 §7.5).
     */
    public void messageRefused() {
        if (mode != Mode.MESSAGE) throw new IllegalStateException("no message literal is pending");
        if (!messageSynchronizing) throw new IllegalStateException("a non-synchronizing literal is on its way; drain it instead");
        reset();
    }

    /** Consumes bytes from {@code input} (position advanced) up to the next event. */
    public ReaderEvent next(ByteBuffer input) {
        while (true) {
            switch (mode) {
                case MESSAGE -> throw new IllegalStateException("the session must consume the message literal first");
                case LITERAL -> {
                    int n = Math.min(input.remaining(), literal.length - literalFilled);
                    input.get(literal, literalFilled, n);
                    literalFilled += n;
                    if (literalFilled < literal.length) return ReaderEvent.NEED_INPUT;
                    parts.add(new CommandParser.Literal(literal, literalBinary));
                    literal = null;
                    mode = Mode.LINE;
                }
                case SKIP_LITERAL -> {
                    int n = (int) Math.min(input.remaining(), skipRemaining);
                    input.position(input.position() + n);
                    skipRemaining -= n;
                    if (skipRemaining > 0) return ReaderEvent.NEED_INPUT;
                    mode = Mode.SKIP_LINE;
                    tailLength = 0;
                }
                case SKIP_LINE -> {
                    if (!skipToLineEnd(input)) return ReaderEvent.NEED_INPUT;
                    ReaderEvent r = endOfSkippedLine();
                    if (r != null) return r;
                }
                case LINE, RAW_LINE, AFTER_MESSAGE -> {
                    int status = readLine(input);
                    if (status == NEED_MORE) return ReaderEvent.NEED_INPUT;
                    if (status != COMPLETE) {
                        // Overlong line: report it once the rest of the command has been skipped.
                        pending = mode == Mode.RAW_LINE
                                ? new ReaderEvent.Rejected(null, false, null, "line too long")
                                : rejection(new ImapParseException(tagOrPeek(), "line too long (limit " + limits.maxLineBytes() + " bytes)"), "TOOBIG");
                        tailLength = 0;
                        for (int i = Math.max(0, lineLength - TAIL); i < lineLength; i++) rememberTail(line[i]);
                        lineLength = 0;
                        parts.clear();
                        mode = Mode.SKIP_LINE;
                        if (status == TOO_LONG_ENDED) {
                            ReaderEvent r = endOfSkippedLine();
                            if (r != null) return r;
                        }
                        continue;
                    }
                    ReaderEvent event = switch (mode) {
                        case RAW_LINE -> {
                            byte[] bytes = Arrays.copyOf(line, lineLength);
                            reset();
                            yield new ReaderEvent.Line(bytes);
                        }
                        case AFTER_MESSAGE -> afterMessage();
                        default -> commandLine();
                    };
                    if (event != null) return event;
                }
            }
        }
    }

    /** The skipped line ended: follow its non-synchronizing literal, or report the refusal. */
    private ReaderEvent endOfSkippedLine() {
        Marker m = marker(tail, tailLength);
        if (m != null && !m.synchronizing) {
            skipRemaining = m.size;
            mode = Mode.SKIP_LITERAL;
            return null;
        }
        ReaderEvent.Rejected r = pending;
        reset();
        return r;
    }

    /** A full line of a command has arrived (in {@code line}, without CRLF). */
    private ReaderEvent commandLine() {
        if (parts.isEmpty() && lineLength == 0) {
            reset();
            return new ReaderEvent.Rejected(null, false, null, "empty command line");
        }
        if (parts.isEmpty()) tag = CommandParser.peekTag(line, lineLength);
        commandBytes += lineLength;
        Marker m = marker(line, lineLength);
        int textEnd = m == null ? lineLength : m.start;
        try {
            if (commandBytes > limits.maxCommandBytes()) {
                throw new ImapParseException(tag, "command too long (limit " + limits.maxCommandBytes() + " bytes)");
            }
            scan.line(line, textEnd);
            parts.add(Arrays.copyOf(line, textEnd));
            if (m == null) return parse();
            scan.literal();
            if (scan.isAppendMessage()) return messageLiteral(m);
            if (m.size > limits.maxLiteralBytes()) {
                throw new ImapParseException(tag, "literal too big (limit " + limits.maxLiteralBytes() + " bytes)", "TOOBIG", false);
            }
            // RFC 7888 §5: a LITERAL- server refuses non-synchronizing literals above 4096 octets.
            if (limits.literalMinus() && !m.synchronizing && m.size > ImapLimits.LITERAL_MINUS_MAX) {
                throw new ImapParseException(tag, "non-synchronizing literal above 4096 bytes", "TOOBIG", false);
            }
            commandBytes += m.size;
            if (commandBytes > limits.maxCommandBytes()) {
                throw new ImapParseException(tag, "command too long (limit " + limits.maxCommandBytes() + " bytes)");
            }
            literal = new byte[(int) m.size];
            literalFilled = 0;
            literalBinary = m.binary;
            lineLength = 0;
            mode = Mode.LITERAL;
            return m.synchronizing ? ReaderEvent.CONTINUE : null;
        } catch (ImapParseException e) {
            return refuse(e, m);
        }
    }

    private ReaderEvent messageLiteral(Marker m) throws ImapParseException {
        List<Object> head = new ArrayList<>(parts);
        head.add(new CommandParser.Literal(new byte[0], m.binary));
        head.add(new byte[0]);
        ImapRequest.Append a = new CommandParser(head, utf8Names, limits.maxNestingDepth()).appendHead(m.size, m.binary);
        // RFC 7889 §4: a message above APPENDLIMIT is refused with TOOBIG.
        if (m.size > limits.maxMessageBytes()) {
            throw new ImapParseException(tag, "message too big (APPENDLIMIT " + limits.maxMessageBytes() + ")", "TOOBIG", true);
        }
        append = a;
        messageSynchronizing = m.synchronizing;
        lineLength = 0;
        mode = Mode.MESSAGE;
        return new ReaderEvent.MessageLiteral(a, m.synchronizing);
    }

    /** What follows an APPEND message literal: nothing, or ")" after "UTF8 (~{n}" (RFC 6855 §4). */
    private ReaderEvent afterMessage() {
        String rest = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        ImapRequest.Append a = append;
        Marker m = marker(line, lineLength);
        boolean ok = rest.equals(a.utf8() ? ")" : "");
        if (ok) {
            reset();
            return new ReaderEvent.Request(a);
        }
        // MULTIAPPEND and CATENATE are not offered; anything more is a syntax error.
        return refuse(new ImapParseException(a.tag(), "unexpected data after the message literal"), m);
    }

    private ReaderEvent parse() throws ImapParseException {
        ImapRequest request = new CommandParser(parts, utf8Names, limits.maxNestingDepth()).parse();
        reset();
        return new ReaderEvent.Request(request);
    }

    /**
     * Ends a refused command. A non-synchronizing literal is already on its way and must be skipped,
     * along with the rest of the command, before the refusal is reported; a synchronizing one will not
     * be sent, so the command ends here.
     */
    private ReaderEvent refuse(ImapParseException e, Marker m) {
        ReaderEvent.Rejected r = rejection(e, e.code());
        if (m != null && !m.synchronizing) {
            pending = r;
            skipRemaining = m.size;
            mode = Mode.SKIP_LITERAL;
            lineLength = 0;
            parts.clear();
            return null;
        }
        reset();
        return r;
    }

    private ReaderEvent.Rejected rejection(ImapParseException e, String code) {
        return new ReaderEvent.Rejected(e.tag() != null ? e.tag() : tag, e.no(), code, e.getMessage());
    }

    private String tagOrPeek() {
        if (tag != null) return tag;
        return parts.isEmpty() ? CommandParser.peekTag(line, lineLength) : null;
    }

    private void reset() {
        mode = Mode.LINE;
        parts.clear();
        scan.reset();
        lineLength = 0;
        tailLength = 0;
        commandBytes = 0;
        tag = null;
        literal = null;
        pending = null;
        append = null;
        if (line.length > 4096) line = new byte[256];
    }

    private static final int COMPLETE = 1, NEED_MORE = -1, TOO_LONG = 0, TOO_LONG_ENDED = 2;

    /**
     * Appends input up to LF to {@code line}: COMPLETE (CR stripped), NEED_MORE, TOO_LONG (the line goes
     * on and is to be skipped) or TOO_LONG_ENDED (its LF was consumed). A bare LF is accepted as a line end.
     */
    private int readLine(ByteBuffer input) {
        int max = limits.maxLineBytes() + 1;   // room for the CR
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
                return lineLength > limits.maxLineBytes() ? TOO_LONG_ENDED : COMPLETE;
            }
            if (lineLength == max) {
                input.position(input.position() - 1);
                return TOO_LONG;
            }
            if (lineLength == line.length) line = Arrays.copyOf(line, Math.min(max, line.length * 2));
            line[lineLength++] = b;
        }
        return NEED_MORE;
    }

    /** Discards input up to and including LF, remembering the last bytes to spot a literal marker. */
    private boolean skipToLineEnd(ByteBuffer input) {
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == '\n') {
                if (tailLength > 0 && tail[tailLength - 1] == '\r') tailLength--;
                return true;
            }
            rememberTail(b);
        }
        return false;
    }

    private void rememberTail(byte b) {
        if (tailLength == TAIL) {
            System.arraycopy(tail, 1, tail, 0, TAIL - 1);
            tailLength--;
        }
        tail[tailLength++] = b;
    }

    /** RFC 9051 literal / RFC 7888 literal+ / RFC 3516 literal8 at the very end of a line. */
    private static Marker marker(byte[] bytes, int length) {
        int i = length - 1;
        if (i < 0 || bytes[i] != '}') return null;
        i--;
        boolean plus = false;
        if (i >= 0 && bytes[i] == '+') {
            plus = true;
            i--;
        }
        int digitsEnd = i + 1;
        while (i >= 0 && bytes[i] >= '0' && bytes[i] <= '9') i--;
        int digits = digitsEnd - (i + 1);
        if (digits == 0 || digits > 18 || i < 0 || bytes[i] != '{') return null;
        long size = Long.parseLong(new String(bytes, i + 1, digits, StandardCharsets.US_ASCII));
        int start = i;
        boolean binary = false;
        if (start > 0 && bytes[start - 1] == '~') {
            binary = true;
            start--;
        }
        // A literal is an argument of its own: it follows a space or an opening parenthesis.
        if (start > 0 && bytes[start - 1] != ' ' && bytes[start - 1] != '(') return null;
        return new Marker(start, size, !plus, binary);
    }

    /**
     * Light tokenizer over a command as it arrives, to enforce nesting and argument limits before
     * anything is parsed, and to recognize the APPEND message literal (RFC 9051 §6.3.12, RFC 6855 §4)
     * so it can be streamed instead of buffered.
     */
    private static final class CommandScan {
        private final ImapLimits limits;
        private int depth;
        private int tokens;
        private int topLevel;
        private final StringBuilder verb = new StringBuilder();
        private final StringBuilder lastTopAtom = new StringBuilder();
        private boolean utf8Paren;
        private int itemsInUtf8Paren;
        private boolean inAtom;
        private boolean appendMessage;

        CommandScan(ImapLimits limits) {
            this.limits = limits;
        }

        void reset() {
            depth = 0;
            tokens = 0;
            topLevel = 0;
            verb.setLength(0);
            lastTopAtom.setLength(0);
            utf8Paren = false;
            itemsInUtf8Paren = 0;
            inAtom = false;
            appendMessage = false;
        }

        void line(byte[] bytes, int length) throws ImapParseException {
            boolean inQuote = false;
            boolean escape = false;
            inAtom = false;
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (inQuote) {
                    if (escape) escape = false;
                    else if (b == '\\') escape = true;
                    else if (b == '"') inQuote = false;
                    continue;
                }
                switch (b) {
                    case '"' -> {
                        inAtom = false;
                        startToken();
                        inQuote = true;
                    }
                    case '(' -> {
                        inAtom = false;
                        if (++depth > limits.maxNestingDepth()) throw new ImapParseException(null, "too deeply nested");
                        if (depth == 1 && lastTopAtom.toString().equalsIgnoreCase("UTF8")) {
                            utf8Paren = true;
                            itemsInUtf8Paren = 0;
                        }
                    }
                    case ')' -> {
                        inAtom = false;
                        if (depth > 0) depth--;
                        if (depth == 0) utf8Paren = false;
                    }
                    case ' ' -> inAtom = false;
                    default -> {
                        if (!inAtom) {
                            inAtom = true;
                            startToken();
                            if (depth == 0) lastTopAtom.setLength(0);
                        }
                        if (depth == 0 && lastTopAtom.length() < 16) lastTopAtom.append((char) (b & 0xff));
                        if (topLevel == 2 && depth == 0 && verb.length() < 16) verb.append((char) (b & 0xff));
                    }
                }
            }
        }

        /** A literal token ends the line just scanned. */
        void literal() throws ImapParseException {
            boolean isAppend = verb.toString().equalsIgnoreCase("APPEND");
            // Before this token: tag and verb, plus any arguments. The mailbox may itself be a literal.
            appendMessage = isAppend && ((depth == 0 && topLevel >= 3) || (depth == 1 && utf8Paren && itemsInUtf8Paren == 0));
            startToken();
            lastTopAtom.setLength(0);
        }

        boolean isAppendMessage() { return appendMessage; }

        private void startToken() throws ImapParseException {
            if (++tokens > limits.maxArguments()) throw new ImapParseException(null, "too many arguments (limit " + limits.maxArguments() + ")");
            if (depth == 0) topLevel++;
            if (utf8Paren && depth == 1) itemsInUtf8Paren++;
        }
    }
}
