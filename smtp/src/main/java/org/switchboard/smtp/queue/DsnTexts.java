package org.switchboard.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The wording of delivery status notifications per language (guide part 1 §24: "language of that
 * notification"). Templates ship in the jar and may be overridden or added as
 * {@code <data>/reports/dsn_<language>.properties} in UTF-8. The sender's language comes from the
 * original message's Accept-Language (RFC 3282; mail clients such as Outlook send it), then its
 * Content-Language, then the queue's default. Stateless apart from the directory; files are read per DSN.
 */
final class DsnTexts {
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,8}");
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_TEMPLATE_BYTES = 64 * 1024;

    /** One language's wording. */
    record Text(String language, Properties p) {
        String subject(Dsn.Action a) { return p.getProperty("subject." + key(a)); }

        String intro(String host) { return crlf(p.getProperty("intro").replace("{host}", host)); }

        String body(Dsn.Action a, String until) { return crlf(p.getProperty(key(a)).replace("{until}", until)); }

        private static String key(Dsn.Action a) { return a.name().toLowerCase(Locale.ROOT); }

        private static String crlf(String s) { return s.replace("\r\n", "\n").replace("\n", "\r\n"); }
    }

    private static final List<String> KEYS = List.of("subject.failed", "subject.delayed", "subject.delivered", "intro",
            "failed", "delayed", "delivered");

    private final Path overrides;

    /** @param overrides the directory of admin templates ({@code <data>/reports}); need not exist */
    DsnTexts(Path overrides) {
        this.overrides = overrides;
    }

    /** The first language of {@code preferred}, then {@code fallback}, then English, that has a complete template. */
    Text choose(List<String> preferred, String fallback) {
        LinkedHashSet<String> order = new LinkedHashSet<>(preferred);
        if (fallback != null) order.add(fallback.toLowerCase(Locale.ROOT));
        order.add("en");
        for (String language : order) {
            if (!LANGUAGE.matcher(language).matches()) continue;
            Properties p = load(language);
            if (p != null) return new Text(language, p);
        }
        throw new IllegalStateException("the English DSN template is missing from the jar");
    }

    /** A template whose every key is present, from the override directory first, or null. */
    private Properties load(String language) {
        String name = "dsn_" + language + ".properties";
        Properties p = new Properties();
        try {
            Path file = overrides.resolve(name);
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_TEMPLATE_BYTES) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            } else {
                try (InputStream in = DsnTexts.class.getResourceAsStream("/org/switchboard/smtp/reports/" + name)) {
                    if (in == null) return null;
                    p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable or malformed admin template falls back to the next language, not to no DSN at all.
            return null;
        }
        for (String k : KEYS) if (p.getProperty(k) == null || p.getProperty(k).isBlank()) return null;
        return p;
    }

    /** The languages the sender's message asks for, best first: Accept-Language by q-value, then Content-Language. */
    static List<String> preferredLanguages(Path message) {
        String accept = null;
        String content = null;
        try (InputStream in = Files.newInputStream(message)) {
            for (String field : headerFields(in)) {
                int colon = field.indexOf(':');
                if (colon <= 0) continue;
                String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (name.equals("accept-language") && accept == null) accept = field.substring(colon + 1);
                if (name.equals("content-language") && content == null) content = field.substring(colon + 1);
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (accept != null) out.addAll(byQuality(accept));
        if (content != null) for (String tag : content.split(",")) add(out, tag);
        return out;
    }

    /** RFC 9110 §12.5.4 language ranges with weights; "*" and q=0 mean nothing to us. */
    static List<String> byQuality(String header) {
        record Range(String tag, double q, int position) {}
        List<Range> ranges = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length && i < 32; i++) {
            String[] p = parts[i].split(";");
            double q = 1.0;
            for (int j = 1; j < p.length; j++) {
                String param = p[j].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) ranges.add(new Range(p[0], q, i));
        }
        ranges.sort(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::position));
        List<String> out = new ArrayList<>();
        for (Range r : ranges) add(out, r.tag());
        return out;
    }

    private static void add(List<String> out, String tag) {
        String primary = tag.trim().toLowerCase(Locale.ROOT);
        int dash = primary.indexOf('-');
        if (dash >= 0) primary = primary.substring(0, dash);
        if (LANGUAGE.matcher(primary).matches() && !out.contains(primary)) out.add(primary);
    }

    /** Unfolded header fields of a message, up to the blank line or the size limit. */
    private static List<String> headerFields(InputStream in) throws IOException {
        byte[] head = in.readNBytes(MAX_HEADER_BYTES);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) end = text.indexOf("\n\n");
        if (end >= 0) text = text.substring(0, end);
        List<String> fields = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.getLast() + " " + line.trim());
            } else {
                fields.add(line);
            }
        }
        return fields;
    }
}
