package org.switchboard.smtp.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * The MIME parts the "body" test searches (RFC 5173 §5.2), read by one streaming pass of mime4j:
 * leaf parts transfer-decoded, text parts converted from their charset; multipart containers by
 * their prologue and epilogue; message/rfc822 parts by the header of the enclosed message.
 * Bounded: at most {@code budget} decoded characters in all and {@value #MAX_PARTS} parts; what
 * lies beyond is not searched. Immutable once read.
 */
final class BodyParts {
    static final int MAX_PARTS = 256;

    enum Kind { LEAF, MULTIPART, MESSAGE }

    /** {@code type} is "type/subtype" in lower case; {@code texts}: the leaf's content, prologue and epilogue, or the header. */
    record Part(String type, Kind kind, List<String> texts) {}

    private final List<Part> parts;

    private BodyParts(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    List<Part> parts() { return parts; }

    /** RFC 5173 §5.2 ":text": the decoded text of every text/* leaf, HTML reduced to its text (a "may" of the section). */
    List<String> text() {
        List<String> out = new ArrayList<>();
        for (Part p : parts) {
            if (p.kind() != Kind.LEAF || !p.type().startsWith("text/")) continue;
            out.add(p.type().equals("text/html") ? HtmlText.strip(p.texts().getFirst()) : p.texts().getFirst());
        }
        return out;
    }

    /** RFC 5173 §5.2 ":content": what each part whose type one of {@code types} names offers for matching. */
    List<String> content(List<String> types) {
        List<String> out = new ArrayList<>();
        for (Part p : parts) {
            if (types.stream().anyMatch(t -> typeMatches(t, p.type()))) out.addAll(p.texts());
        }
        return out;
    }

    /** "" is every type, "text" a main type, "text/html" one type; anything with a stray slash none (§5.2). */
    static boolean typeMatches(String spec, String type) {
        if (spec.isEmpty()) return true;
        int slash = spec.indexOf('/');
        if (spec.startsWith("/") || spec.endsWith("/") || slash != spec.lastIndexOf('/')) return false;
        if (slash > 0) return spec.equalsIgnoreCase(type);
        return type.length() > spec.length() && type.charAt(spec.length()) == '/' && type.regionMatches(true, 0, spec, 0, spec.length());
    }

    static BodyParts read(InputStream message, long budget) throws IOException {
        Walker walker = new Walker(budget);
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
        parser.setContentDecoding(true);
        parser.setContentHandler(walker);
        try {
            parser.parse(message);
        } catch (MimeException e) {
            // A damaged structure or too many parts: the parts found so far are searched.
        }
        return new BodyParts(walker.out);
    }

    private static final class Walker extends AbstractContentHandler {
        private final List<Part> out = new ArrayList<>();
        private final List<String[]> multiparts = new ArrayList<>();
        private long budget;
        private int messageDepth;
        private boolean enclosedHeader;
        private final StringBuilder header = new StringBuilder();

        Walker(long budget) {
            this.budget = budget;
        }

        @Override public void startMessage() {
            messageDepth++;
            enclosedHeader = messageDepth > 1;
        }

        @Override public void endMessage() { messageDepth--; }

        @Override public void startBodyPart() { enclosedHeader = false; }

        @Override public void startHeader() { header.setLength(0); }

        @Override public void field(Field f) {
            if (!enclosedHeader || header.length() > budget) return;
            String value = f.getBody() == null ? "" : f.getBody().replace("\r\n", "");
            header.append(f.getName()).append(": ").append(DecoderUtil.decodeEncodedWords(value.trim(), DecodeMonitor.SILENT)).append("\r\n");
        }

        @Override public void endHeader() throws MimeException {
            if (!enclosedHeader) return;
            budget -= header.length();
            add(new Part("message/rfc822", Kind.MESSAGE, List.of(header.toString())));
        }

        @Override public void startMultipart(BodyDescriptor bd) {
            multiparts.add(new String[] {type(bd), "", ""});
        }

        @Override public void preamble(InputStream in) throws IOException {
            multiparts.getLast()[1] = read(in, StandardCharsets.UTF_8);
        }

        @Override public void epilogue(InputStream in) throws IOException {
            multiparts.getLast()[2] = read(in, StandardCharsets.UTF_8);
        }

        @Override public void endMultipart() throws MimeException {
            String[] m = multiparts.removeLast();
            add(new Part(m[0], Kind.MULTIPART, List.of(m[1], m[2])));
        }

        @Override public void body(BodyDescriptor bd, InputStream in) throws MimeException, IOException {
            String type = type(bd);
            // §5.2: text is converted from its charset; other content is only transfer-decoded.
            Charset charset = type.startsWith("text/") ? charset(bd.getCharset()) : StandardCharsets.UTF_8;
            add(new Part(type, Kind.LEAF, List.of(read(in, charset))));
        }

        private void add(Part p) throws MimeException {
            out.add(p);
            if (out.size() >= MAX_PARTS) throw new MimeException("more than " + MAX_PARTS + " MIME parts");
        }

        private static String type(BodyDescriptor bd) {
            return bd.getMimeType() == null ? "text/plain" : bd.getMimeType().toLowerCase(java.util.Locale.ROOT);
        }

        private String read(InputStream in, Charset charset) throws IOException {
            if (budget <= 0) return "";
            Reader r = new InputStreamReader(in, charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while (budget > 0 && (n = r.read(buf, 0, (int) Math.min(buf.length, budget))) > 0) {
                sb.append(buf, 0, n);
                budget -= n;
            }
            return sb.toString();
        }

        /** Unknown charsets and US-ASCII (often mislabelled UTF-8) are read as UTF-8, its superset. */
        private static Charset charset(String name) {
            Charset cs = name == null ? null : CharsetUtil.lookup(name.strip());
            return cs == null || cs.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : cs;
        }
    }
}
