package org.switchboard.smtp.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.ByteArrayInputStream;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * What rules look at in a spooled message: the unfolded header fields in order (RFC 5322 §2.2.3),
 * their decoded values (RFC 2047 encoded words), the size, and the start of the body for the
 * "body :raw" test, and on demand the header fields of every MIME part (RFC 5703 "header :mime
 * :anychild") and the decoded parts "body :text" and ":content" search ({@link BodyParts}, one
 * streaming pass over the whole message). Bounded: at most 256 KiB of header and 1 MiB of raw
 * body are kept, at most 256 parts, at most the message's size (and 4 Mi characters) decoded.
 * Immutable apart from the lazily computed part lists; used by one delivery thread.
 */
final class ParsedMessage {
    private static final int MAX_HEADER = 256 * 1024;
    private static final int MAX_BODY = 1024 * 1024;
    static final int MAX_DECODED = 4 << 20;

    /** Opens the whole message again, for the streaming passes. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    record Field(String name, String value) {}

    private static final int MAX_PARTS = 256;

    private final List<Field> fields;
    private final long size;
    private final String body;
    private final byte[] raw;
    private final Source source;
    private List<List<Field>> parts;
    private BodyParts bodyParts;

    private ParsedMessage(List<Field> fields, long size, String body, byte[] raw, Source source) {
        this.fields = List.copyOf(fields);
        this.size = size;
        this.body = body;
        this.raw = raw;
        this.source = source;
    }

    static ParsedMessage read(Path message) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(message)) {
            head = in.readNBytes(MAX_HEADER + MAX_BODY);
        }
        return parse(head, Files.size(message), () -> Files.newInputStream(message));
    }

    /** A message held whole in memory (CRLF line ends). */
    static ParsedMessage parse(byte[] message) {
        return parse(message, message.length, () -> new ByteArrayInputStream(message));
    }

    /** {@code head}: the start of the message (CRLF line ends), {@code size}: its full length. */
    private static ParsedMessage parse(byte[] head, long size, Source source) {
        String text = new String(head, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String headerText = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : headerText.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (name != null) value.append(line);
                continue;
            }
            if (name != null) fields.add(new Field(name, decode(value.toString().trim())));
            int colon = line.indexOf(':');
            if (colon <= 0) {
                name = null;
                continue;
            }
            name = line.substring(0, colon).trim();
            value.setLength(0);
            value.append(line.substring(colon + 1));
        }
        if (name != null) fields.add(new Field(name, decode(value.toString().trim())));
        return new ParsedMessage(fields, size, body, head, source);
    }

    private static String decode(String v) {
        try {
            return DecoderUtil.decodeEncodedWords(v, DecodeMonitor.SILENT);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    List<String> names() {
        return fields.stream().map(Field::name).distinct().toList();
    }

    String first(String name) {
        List<String> v = values(name);
        return v.isEmpty() ? null : v.getFirst();
    }

    /** Header fields of the message and of each MIME part below it, outermost first. */
    List<List<Field>> parts() {
        if (parts != null) return parts;
        List<List<Field>> out = new ArrayList<>();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
        parser.setContentHandler(new AbstractContentHandler() {
            private List<Field> current;

            @Override public void startHeader() { current = new ArrayList<>(); }

            @Override public void field(org.apache.james.mime4j.stream.Field f) {
                current.add(new Field(f.getName(), decode(f.getBody().replace("\r\n", "").trim())));
            }

            @Override public void endHeader() throws MimeException {
                out.add(List.copyOf(current));
                if (out.size() >= MAX_PARTS) throw new MimeException("too many MIME parts");
            }
        });
        try {
            parser.parse(new ByteArrayInputStream(raw));
        } catch (MimeException | IOException e) {
            // A damaged or oversized structure: rules see the parts found so far.
        }
        if (out.isEmpty()) out.add(fields);
        parts = List.copyOf(out);
        return parts;
    }

    long size() { return size; }

    String body() { return body; }

    /** The decoded MIME parts, read on first use. */
    BodyParts bodyParts() {
        if (bodyParts != null) return bodyParts;
        try (InputStream in = source.open()) {
            bodyParts = BodyParts.read(in, Math.min(size, MAX_DECODED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bodyParts;
    }
}
