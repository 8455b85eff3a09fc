package org.switchboard.imap.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes server responses (RFC 9051 §7, §9 "response"): untagged, tagged and continuation lines,
 * response codes, and the data forms — atoms, quoted strings or literals as the content requires, NIL,
 * parenthesized lists, mailbox names in modified UTF-7 or UTF-8. Writes into a stream the caller owns
 * and never flushes on its own except in {@link #flush}. One connection, one writer, one thread at a time.
 */
public final class ImapResponseWriter {
    public enum Status { OK, NO, BAD, PREAUTH, BYE }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_QUOTED = 1024;

    private final OutputStream out;
    private boolean utf8;

    public ImapResponseWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * UTF-8 in quoted strings and mailbox names: after ENABLE IMAP4rev2 (RFC 9051 §4.3) or UTF8=ACCEPT
     * (RFC 6855 §3). Before that, non-ASCII text goes out as literals and names in modified UTF-7.
     */
    public void utf8(boolean on) { this.utf8 = on; }

    public boolean utf8() { return utf8; }

    public ImapResponseWriter untagged() throws IOException {
        return raw("* ");
    }

    public ImapResponseWriter tagged(String tag) throws IOException {
        return raw(tag).raw(" ");
    }

    /** "+ text" CRLF (RFC 9051 §7.5). */
    public void continuation(String text) throws IOException {
        raw("+ ").raw(sanitize(text.isEmpty() ? "Ready" : text));
        end();
    }

    /** A status response line: {@code tag} null for untagged; {@code code} without brackets, or null. */
    public void status(String tag, Status status, String code, String text) throws IOException {
        if (tag == null) untagged();
        else tagged(tag);
        raw(status.name());
        if (code != null) raw(" [").raw(code).raw("]");
        raw(" ").raw(sanitize(text));
        end();
    }

    /** Text as it is (verbs, numbers, already encoded codes): the caller vouches for it. */
    public ImapResponseWriter raw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public ImapResponseWriter sp() throws IOException {
        out.write(' ');
        return this;
    }

    /** An atom (or any token the caller knows to be valid as it is). */
    public ImapResponseWriter atom(String atom) throws IOException {
        return raw(atom);
    }

    public ImapResponseWriter number(long n) throws IOException {
        return raw(Long.toString(n));
    }

    public ImapResponseWriter open() throws IOException {
        out.write('(');
        return this;
    }

    public ImapResponseWriter close() throws IOException {
        out.write(')');
        return this;
    }

    /** NIL. */
    public ImapResponseWriter nil() throws IOException {
        return raw("NIL");
    }

    /** A string: quoted when it can be, a literal otherwise (CR, LF, NUL, long text, 8-bit without UTF-8). */
    public ImapResponseWriter string(String s) throws IOException {
        if (quotable(s)) {
            out.write('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') out.write('\\');
                if (c < 0x80) out.write(c);
                else {
                    int end = i + 1;
                    while (end < s.length() && s.charAt(end) >= 0x80) end++;
                    out.write(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                    i = end - 1;
                }
            }
            out.write('"');
            return this;
        }
        return literal(s.getBytes(StandardCharsets.UTF_8));
    }

    /** NIL for null, else {@link #string}. */
    public ImapResponseWriter nstring(String s) throws IOException {
        return s == null ? nil() : string(s);
    }

    /** An atom when the text is one (and not NIL), else a string. */
    public ImapResponseWriter astring(String s) throws IOException {
        if (!s.isEmpty() && !s.equalsIgnoreCase("NIL") && s.chars().allMatch(c -> c < 0x80 && (CommandParser.isAtomChar(c) || c == ']'))) {
            return raw(s);
        }
        return string(s);
    }

    /** A mailbox name (RFC 9051 §5.1): modified UTF-7 unless UTF-8 is enabled; an atom when it can be one. */
    public ImapResponseWriter mailbox(String name) throws IOException {
        return astring(utf8 ? name : ModifiedUtf7.encode(name));
    }

    public ImapResponseWriter literal(byte[] data) throws IOException {
        raw("{" + data.length + "}");
        out.write(CRLF);
        out.write(data);
        return this;
    }

    /**
     * A literal whose content the caller streams: writes "{n}" CRLF (or "~{n}" for literal8, RFC 3516)
     * and copies exactly {@code size} bytes from {@code content}.
     *
     * @throws IOException also when {@code content} ends early, because the announced size is a promise
     */
    public ImapResponseWriter literal(long size, boolean binary, InputStream content) throws IOException {
        raw((binary ? "~{" : "{") + size + "}");
        out.write(CRLF);
        byte[] buffer = new byte[8192];
        long left = size;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new IOException("message content ended " + left + " bytes early");
            out.write(buffer, 0, n);
            left -= n;
        }
        return this;
    }

    /** Human-readable text at the end of a line, stripped of CR and LF so it cannot start a new response. */
    public ImapResponseWriter text(String text) throws IOException {
        return raw(sanitize(text));
    }

    public void end() throws IOException {
        out.write(CRLF);
    }

    public void flush() throws IOException {
        out.flush();
    }

    private boolean quotable(String s) {
        if (s.length() > MAX_QUOTED) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) return false;
            if (c >= 0x80 && !utf8) return false;
        }
        return true;
    }

    private static String sanitize(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
