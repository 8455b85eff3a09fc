package org.switchboard.imap;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.store.mail.MessageMeta;
import org.switchboard.store.mail.MimePart;

/**
 * Test-only MIME scanner for the in-memory store: header fields, multipart boundaries, message/rfc822,
 * simple addresses. Enough for the session tests' messages; the real store parses with its own code.
 */
final class TestMime {
    private TestMime() {
    }

    static MessageMeta meta(long uid, byte[] raw) {
        MimePart root = entity(raw, 0, raw.length, true, null);
        Map<String, String> h = headers(raw, 0, bodyStart(raw, 0, raw.length));
        Instant sent = null;
        try {
            if (h.get("date") != null) sent = ZonedDateTime.parse(h.get("date").replaceAll("\\s*\\(.*\\)$", "").trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            sent = null;
        }
        return new MessageMeta(uid, root, h.get("subject"), h.get("from"), h.get("to"), h.get("cc"), h.get("message-id"),
                h.get("in-reply-to"), h.get("references"), sent);
    }

    private static MimePart entity(byte[] raw, int start, int end, boolean message, String defaultType) {
        int bodyStart = bodyStart(raw, start, end);
        Map<String, String> h = headers(raw, start, bodyStart);
        String ct = h.getOrDefault("content-type", defaultType == null ? "text/plain; charset=us-ascii" : defaultType);
        String[] typeParts = ct.split(";", 2);
        String[] ts = typeParts[0].trim().split("/", 2);
        String type = ts[0].toLowerCase(Locale.ROOT);
        String subtype = ts.length > 1 ? ts[1].toLowerCase(Locale.ROOT) : "plain";
        Map<String, String> params = params(typeParts.length > 1 ? typeParts[1] : "");
        List<MimePart> parts = null;
        MimePart inner = null;
        if (type.equals("multipart") && params.containsKey("boundary")) {
            parts = new ArrayList<>();
            String delimiter = "--" + params.get("boundary");
            List<int[]> ranges = split(raw, bodyStart, end, delimiter);
            String childDefault = subtype.equals("digest") ? "message/rfc822" : null;
            for (int[] r : ranges) parts.add(entity(raw, r[0], r[1], false, childDefault));
        } else if (type.equals("message") && subtype.equals("rfc822")) {
            inner = entity(raw, bodyStart, end, true, null);
        }
        // Counted like the embedded store: line breaks, plus a last line without one.
        long lines = 0;
        for (int i = bodyStart; i < end; i++) if (raw[i] == '\n') lines++;
        if (end > bodyStart && raw[end - 1] != '\n') lines++;
        String disposition = null;
        Map<String, String> dispositionParams = Map.of();
        if (h.containsKey("content-disposition")) {
            String[] d = h.get("content-disposition").split(";", 2);
            disposition = d[0].trim().toLowerCase(Locale.ROOT);
            dispositionParams = params(d.length > 1 ? d[1] : "");
        }
        MimePart.Envelope envelope = message ? envelope(h) : null;
        return new MimePart(start, bodyStart, end, type, subtype, params, h.get("content-id"), h.get("content-description"),
                h.get("content-transfer-encoding"), lines, h.get("content-md5"), disposition, dispositionParams,
                h.get("content-language"), h.get("content-location"), parts, inner, envelope);
    }

    private static MimePart.Envelope envelope(Map<String, String> h) {
        return new MimePart.Envelope(h.get("date"), h.get("subject"), addresses(h.get("from")), addresses(h.get("sender")),
                addresses(h.get("reply-to")), addresses(h.get("to")), addresses(h.get("cc")), addresses(h.get("bcc")),
                h.get("in-reply-to"), h.get("message-id"));
    }

    /** "Name <local@host>, local@host" — no groups, no quoted commas. */
    private static List<MimePart.Address> addresses(String value) {
        List<MimePart.Address> out = new ArrayList<>();
        if (value == null || value.isBlank()) return out;
        for (String a : value.split(",")) {
            String t = a.trim();
            String name = null;
            String spec = t;
            int lt = t.indexOf('<');
            if (lt >= 0 && t.endsWith(">")) {
                name = t.substring(0, lt).trim().replaceAll("^\"|\"$", "");
                if (name.isEmpty()) name = null;
                spec = t.substring(lt + 1, t.length() - 1);
            }
            int at = spec.lastIndexOf('@');
            out.add(new MimePart.Address(name, null, at < 0 ? spec : spec.substring(0, at), at < 0 ? null : spec.substring(at + 1)));
        }
        return out;
    }

    private static Map<String, String> params(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : text.split(";")) {
            int eq = p.indexOf('=');
            if (eq < 0) continue;
            out.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
        }
        return out;
    }

    /** First byte after the blank line ending the header (or {@code end} when there is none). */
    static int bodyStart(byte[] raw, int start, int end) {
        if (start < end && raw[start] == '\n') return start + 1;
        if (start + 1 < end && raw[start] == '\r' && raw[start + 1] == '\n') return start + 2;
        for (int i = start; i < end - 1; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') return i + 2;
            if (raw[i] == '\n' && raw[i + 1] == '\r' && i + 2 < end && raw[i + 2] == '\n') return i + 3;
        }
        return end;
    }

    private static Map<String, String> headers(byte[] raw, int start, int end) {
        String text = new String(raw, start, end - start, StandardCharsets.UTF_8).replaceAll("\r?\n[ \t]+", " ");
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            out.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return out;
    }

    /** Byte ranges of the parts between delimiter lines (RFC 2046 §5.1.1), the CRLF before each delimiter excluded. */
    private static List<int[]> split(byte[] raw, int start, int end, String delimiter) {
        byte[] d = delimiter.getBytes(StandardCharsets.US_ASCII);
        List<int[]> out = new ArrayList<>();
        int partStart = -1;
        int i = start;
        while (i < end) {
            boolean lineStart = i == start || raw[i - 1] == '\n';
            if (lineStart && matches(raw, i, end, d)) {
                int lineEnd = i;
                while (lineEnd < end && raw[lineEnd] != '\n') lineEnd++;
                if (partStart >= 0) {
                    int partEnd = i;
                    if (partEnd > partStart && raw[partEnd - 1] == '\n') partEnd--;
                    if (partEnd > partStart && raw[partEnd - 1] == '\r') partEnd--;
                    out.add(new int[] {partStart, partEnd});
                }
                boolean close = i + d.length + 1 < end && raw[i + d.length] == '-' && raw[i + d.length + 1] == '-';
                if (close) return out;
                partStart = Math.min(lineEnd + 1, end);
                i = partStart;
                continue;
            }
            i++;
        }
        return out;
    }

    private static boolean matches(byte[] raw, int at, int end, byte[] d) {
        if (at + d.length > end) return false;
        for (int k = 0; k < d.length; k++) if (raw[at + k] != d[k]) return false;
        return true;
    }
}
