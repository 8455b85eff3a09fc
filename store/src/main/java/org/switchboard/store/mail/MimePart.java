package org.switchboard.store.mail;

import java.util.List;
import java.util.Map;

/**
 * One MIME entity: where its header and body are in the raw message, its content type and
 * the attributes BODYSTRUCTURE needs. {@code parts} are the children of a multipart; {@code
 * message} is the encapsulated message of a message/rfc822 part (null when that part has a
 * non-identity transfer encoding: it is then a basic body). Offsets are absolute; {@code end} is
 * before the CRLF that precedes the next boundary delimiter.
 */
public record MimePart(long headerStart, long bodyStart, long end, String type, String subtype,
                       Map<String, String> params, String id, String description, String encoding,
                       long bodyLines, String md5, String disposition, Map<String, String> dispositionParams,
                       String language, String location, List<MimePart> parts, MimePart message,
                       Envelope envelope) {

    /** RFC 9051 §7.5.2 ENVELOPE fields, already decoded into the IMAP structure's strings. */
    public record Envelope(String date, String subject, List<Address> from, List<Address> sender, List<Address> replyTo,
                           List<Address> to, List<Address> cc, List<Address> bcc, String inReplyTo, String messageId) {}

    /** An address as ENVELOPE carries it; group syntax uses a null host (RFC 9051 §7.5.2). */
    public record Address(String name, String adl, String mailbox, String host) {}
}
