package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.store.mail.MimePart;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE (RFC 9051 §7.5.2) written from the MIME tree parsed at append,
 * never by parsing the message again.
 */
final class BodyStructures {
    private BodyStructures() {
    }

    static void envelope(ImapResponseWriter out, MimePart.Envelope e) throws IOException {
        if (e == null) {
            out.raw("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
            return;
        }
        out.raw("(").nstring(e.date()).sp().nstring(e.subject()).sp();
        addresses(out, e.from());
        out.sp();
        // RFC 9051 §7.5.2: absent or empty Sender and Reply-To are set to From.
        addresses(out, empty(e.sender()) ? e.from() : e.sender());
        out.sp();
        addresses(out, empty(e.replyTo()) ? e.from() : e.replyTo());
        out.sp();
        addresses(out, e.to());
        out.sp();
        addresses(out, e.cc());
        out.sp();
        addresses(out, e.bcc());
        out.sp().nstring(e.inReplyTo()).sp().nstring(e.messageId()).raw(")");
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static void addresses(ImapResponseWriter out, List<MimePart.Address> list) throws IOException {
        if (empty(list)) {
            out.nil();
            return;
        }
        out.raw("(");
        for (MimePart.Address a : list) {
            out.raw("(").nstring(a.name()).sp().nstring(a.adl()).sp().nstring(a.mailbox()).sp().nstring(a.host()).raw(")");
        }
        out.raw(")");
    }

    /** BODY ({@code extensible} false) or BODYSTRUCTURE (true). */
    static void body(ImapResponseWriter out, MimePart p, boolean extensible) throws IOException {
        out.raw("(");
        if (MessageParts.multipart(p)) {
            if (p.parts() == null || p.parts().isEmpty()) {
                // A multipart without parts still needs one body in the syntax (RFC 9051 §9 body-type-mpart).
                out.raw("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0)");
            } else {
                for (MimePart child : p.parts()) body(out, child, extensible);
            }
            out.sp().string(upper(p.subtype(), "MIXED"));
            if (extensible) {
                out.sp();
                params(out, p.params());
                out.sp();
                disposition(out, p);
                out.sp().nstring(p.language()).sp().nstring(p.location());
            }
            out.raw(")");
            return;
        }
        String type = upper(p.type(), "TEXT");
        out.string(type).sp().string(upper(p.subtype(), "PLAIN")).sp();
        params(out, p.params());
        out.sp().nstring(p.id()).sp().nstring(p.description()).sp().string(upper(p.encoding(), "7BIT"))
                .sp().number(Math.max(0, p.end() - p.bodyStart()));
        if (MessageParts.encapsulated(p)) {
            out.sp();
            envelope(out, p.message().envelope());
            out.sp();
            body(out, p.message(), extensible);
            out.sp().number(p.bodyLines());
        } else if (type.equals("TEXT")) {
            out.sp().number(p.bodyLines());
        }
        if (extensible) {
            out.sp().nstring(p.md5()).sp();
            disposition(out, p);
            out.sp().nstring(p.language()).sp().nstring(p.location());
        }
        out.raw(")");
    }

    private static void params(ImapResponseWriter out, Map<String, String> params) throws IOException {
        if (params == null || params.isEmpty()) {
            out.nil();
            return;
        }
        out.raw("(");
        boolean first = true;
        for (var e : params.entrySet()) {
            if (!first) out.sp();
            first = false;
            out.string(e.getKey().toUpperCase(Locale.ROOT)).sp().string(e.getValue() == null ? "" : e.getValue());
        }
        out.raw(")");
    }

    private static void disposition(ImapResponseWriter out, MimePart p) throws IOException {
        if (p.disposition() == null) {
            out.nil();
            return;
        }
        out.raw("(").string(p.disposition().toUpperCase(Locale.ROOT)).sp();
        params(out, p.dispositionParams());
        out.raw(")");
    }

    private static String upper(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.toUpperCase(Locale.ROOT);
    }
}
