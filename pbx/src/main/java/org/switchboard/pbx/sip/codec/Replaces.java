package org.switchboard.pbx.sip.codec;

import java.util.Optional;

/**
 * The Replaces header (RFC 3891 §6.1): the dialog a new INVITE replaces, named by Call-ID and the tags as the
 * recipient sees them ({@code toTag} is the recipient's local tag, {@code fromTag} the remote one, §3). Also
 * read from the URI headers of a Refer-To (RFC 5589 §7), where it arrives percent-escaped. Pure and immutable.
 */
public record Replaces(String callId, String toTag, String fromTag, boolean earlyOnly) {
    /** Longer values are refused; a Call-ID and two tags fit easily. */
    static final int MAX_LENGTH = 1024;

    /** Parses a header value: {@code callid;to-tag=x;from-tag=y[;early-only]}, both tags required (§6.1). */
    public static Replaces parse(String value) throws SipParseException {
        if (value == null || value.isBlank()) throw new SipParseException("empty Replaces");
        if (value.length() > MAX_LENGTH) throw new SipParseException("Replaces longer than " + MAX_LENGTH + " characters");
        int semi = value.indexOf(';');
        String callId = (semi < 0 ? value : value.substring(0, semi)).strip();
        if (callId.isEmpty() || callId.chars().anyMatch(c -> c <= ' ')) throw new SipParseException("bad Call-ID in Replaces");
        Params params = semi < 0 ? Params.NONE : Params.parseHeader(value.substring(semi));
        String to = params.get("to-tag").orElseThrow(() -> new SipParseException("Replaces without to-tag"));
        String from = params.get("from-tag").orElseThrow(() -> new SipParseException("Replaces without from-tag"));
        return new Replaces(callId, to, from, params.has("early-only"));
    }

    /**
     * The Replaces among the headers of a URI ({@code ?Replaces=...&...}, RFC 3261 §19.1.1), unescaped; empty
     * when the URI names none.
     */
    public static Optional<Replaces> fromUriHeaders(String headers) throws SipParseException {
        if (headers == null) return Optional.empty();
        if (headers.length() > MAX_LENGTH * 3) throw new SipParseException("URI headers too long");
        for (String h : headers.split("&")) {
            int eq = h.indexOf('=');
            if (eq > 0 && h.substring(0, eq).equalsIgnoreCase("Replaces")) return Optional.of(parse(Grammar.unescape(h.substring(eq + 1))));
        }
        return Optional.empty();
    }
}
