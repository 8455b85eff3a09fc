package org.switchboard.store.mail.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentLanguageField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.ContentDispositionFieldLenientImpl;
import org.apache.james.mime4j.field.ContentLanguageFieldLenientImpl;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;

/**
 * The MIME fields of one entity as BODYSTRUCTURE needs them (RFC 2045, RFC 2183, RFC 9051 §7.5.2),
 * parsed with mime4j's lenient field parsers. A missing or unparsable Content-Type becomes
 * text/plain; charset=us-ascii (RFC 2045 §5.2), or message/rfc822 inside multipart/digest.
 */
record EntityHeader(String type, String subtype, Map<String, String> params, String id, String description,
                    String encoding, String md5, String disposition, Map<String, String> dispositionParams,
                    String language, String location) {

    private static final Map<String, String> US_ASCII = Map.of("charset", "us-ascii");

    static EntityHeader of(HeaderFields fields, boolean inDigest) {
        String type = inDigest ? "message" : "text";
        String subtype = inDigest ? "rfc822" : "plain";
        Map<String, String> params = inDigest ? Map.of() : US_ASCII;
        String contentType = fields.first("Content-Type");
        if (contentType != null) {
            ContentTypeField parsed = parse(() -> ContentTypeFieldLenientImpl.PARSER.parse(
                    new RawField("Content-Type", contentType), DecodeMonitor.SILENT));
            if (parsed != null && token(parsed.getMediaType()) && token(parsed.getSubType())) {
                type = parsed.getMediaType().toLowerCase(Locale.ROOT);
                subtype = parsed.getSubType().toLowerCase(Locale.ROOT);
                params = Collections.unmodifiableMap(new LinkedHashMap<>(parsed.getParameters()));
            } else {
                type = "text";
                subtype = "plain";
                params = US_ASCII;
            }
        }
        String disposition = null;
        Map<String, String> dispositionParams = Map.of();
        String rawDisposition = fields.first("Content-Disposition");
        if (rawDisposition != null) {
            ContentDispositionField parsed = parse(() -> ContentDispositionFieldLenientImpl.PARSER.parse(
                    new RawField("Content-Disposition", rawDisposition), DecodeMonitor.SILENT));
            if (parsed != null && token(parsed.getDispositionType())) {
                disposition = parsed.getDispositionType().toLowerCase(Locale.ROOT);
                dispositionParams = Collections.unmodifiableMap(new LinkedHashMap<>(parsed.getParameters()));
            }
        }
        String language = null;
        String rawLanguage = fields.first("Content-Language");
        if (rawLanguage != null) {
            ContentLanguageField parsed = parse(() -> ContentLanguageFieldLenientImpl.PARSER.parse(
                    new RawField("Content-Language", rawLanguage), DecodeMonitor.SILENT));
            List<String> languages = parsed == null ? List.of() : parsed.getLanguages();
            language = languages.isEmpty() ? null : String.join(",", languages);
        }
        String location = fields.first("Content-Location");
        return new EntityHeader(type, subtype, params, fields.first("Content-ID"), fields.first("Content-Description"),
                encoding(fields.first("Content-Transfer-Encoding")), fields.first("Content-MD5"), disposition,
                dispositionParams, language, location == null ? null : location.replaceAll("\\s+", ""));
    }

    boolean multipart() { return type.equals("multipart"); }

    String boundary() {
        String b = params.get("boundary");
        return b == null || b.isEmpty() ? null : b;
    }

    /** RFC 9051 §7.5.2: MESSAGE/RFC822 and MESSAGE/GLOBAL carry an envelope and a nested structure. */
    boolean encapsulatesMessage() { return type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global")); }

    /** Only an identity encoding lets the nested message be parsed in place (RFC 2046 §5.2.1). */
    boolean identityEncoding() { return encoding.equals("7BIT") || encoding.equals("8BIT") || encoding.equals("BINARY"); }

    boolean text() { return type.equals("text"); }

    /** A multipart that turned out to have no parts is presented as the text it is. */
    EntityHeader asPlainText() {
        return new EntityHeader("text", "plain", US_ASCII, id, description, encoding, md5, disposition, dispositionParams,
                language, location);
    }

    private static String encoding(String raw) {
        if (raw == null || raw.isBlank()) return "7BIT";
        String v = raw.strip();
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "7bit", "8bit", "binary", "base64", "quoted-printable" -> v.toUpperCase(Locale.ROOT);
            default -> v;
        };
    }

    private static boolean token(String s) {
        if (s == null || s.isEmpty() || s.length() > 127) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) return false;
        }
        return true;
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
