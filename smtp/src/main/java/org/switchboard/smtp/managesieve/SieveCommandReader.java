package org.switchboard.smtp.managesieve;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.switchboard.smtp.codec.SmtpInput;

/**
 * Reads ManageSieve commands (RFC 5804 §4 grammar): an atom, then quoted strings, numbers and
 * literals {@code {n}} or {@code {n+}} (the octets follow the CRLF; no continuation is sent, as
 * §1.2 lets clients send both forms without waiting). Bounded: line length, literal size and the
 * number of arguments. Used by one connection thread.
 */
final class SieveCommandReader {
    static final int MAX_LINE = 8192;
    static final int MAX_LITERAL = 128 * 1024;
    static final int MAX_ARGS = 8;

    /** A command the reader could not parse; the session answers NO and reads on. */
    static final class SyntaxException extends IOException {
        SyntaxException(String message) { super(message); }
    }

    private final SmtpInput in;

    SieveCommandReader(SmtpInput in) {
        this.in = in;
    }

    /** The next command, or null at the end of the stream. */
    SieveCommand next() throws IOException {
        byte[] line = readLine();
        if (line == null) return null;
        List<String> tokens = new ArrayList<>();
        parseLine(line, tokens);
        if (tokens.isEmpty()) throw new SyntaxException("empty command");
        String name = tokens.removeFirst();
        if (!name.matches("[A-Za-z]{1,20}")) throw new SyntaxException("invalid command name");
        return new SieveCommand(name.toUpperCase(Locale.ROOT), tokens);
    }

    /** One string (quoted or literal) on a line of its own: a SASL response (RFC 5804 §2.1). */
    String response() throws IOException {
        byte[] line = readLine();
        if (line == null) throw new EOFException("connection closed during authentication");
        List<String> tokens = new ArrayList<>();
        parseLine(line, tokens);
        if (tokens.size() != 1) throw new SyntaxException("expected one string");
        return tokens.getFirst();
    }

    private byte[] readLine() throws IOException {
        try {
            return in.readLine(MAX_LINE);
        } catch (SmtpInput.LineTooLongException e) {
            throw new SyntaxException("line too long");
        }
    }

    /** Parses tokens of one line; a literal at the end pulls its octets and the rest of the command. */
    private void parseLine(byte[] line, List<String> tokens) throws IOException {
        String s = new String(line, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            if (tokens.size() > MAX_ARGS) throw new SyntaxException("too many arguments");
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) throw new SyntaxException("unterminated string");
                    char d = s.charAt(i++);
                    if (d == '"') break;
                    if (d == '\\') {
                        if (i >= s.length()) throw new SyntaxException("bad escape");
                        d = s.charAt(i++);
                        if (d != '"' && d != '\\') throw new SyntaxException("bad escape");
                    }
                    b.append(d);
                }
                tokens.add(b.toString());
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                if (close != s.length() - 1) throw new SyntaxException("a literal must end the line");
                String n = s.substring(i + 1, close);
                if (n.endsWith("+")) n = n.substring(0, n.length() - 1);
                if (!n.matches("[0-9]{1,9}")) throw new SyntaxException("bad literal length");
                int length = Integer.parseInt(n);
                if (length > MAX_LITERAL) throw new SyntaxException("literal too large");
                ByteArrayOutputStream b = new ByteArrayOutputStream(length);
                byte[] chunk = in.readNBytes(length);
                if (chunk.length < length) throw new EOFException("connection closed inside a literal");
                b.writeBytes(chunk);
                tokens.add(b.toString(StandardCharsets.UTF_8));
                byte[] rest = readLine();
                if (rest == null) throw new EOFException("connection closed after a literal");
                parseLine(rest, tokens);
                return;
            } else {
                int end = i;
                while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != '"' && s.charAt(end) != '{') end++;
                tokens.add(s.substring(i, end));
                i = end;
            }
        }
    }
}
