package org.switchboard.pbx.sip.codec;

/** CSeq = 1*DIGIT LWS Method; the number must fit in 32 bits (RFC 3261 §8.1.1.5, §20.16). */
public record CSeq(long number, String method) {
    private static final long MAX = 0xFFFF_FFFFL;

    @Override
    public String toString() { return number + " " + method; }

    public static CSeq parse(String value) throws SipParseException {
        String s = value.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
        String digits = s.substring(0, i);
        if (digits.isEmpty()) throw new SipParseException("CSeq has no sequence number");
        String method = s.substring(i).strip();
        if (i == s.length() || !Grammar.isWhite(s.charAt(i)) || !Grammar.isToken(method)) {
            throw new SipParseException("malformed CSeq '" + SipUri.clip(s) + "'");
        }
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 10 || Long.parseLong(trimmed) > MAX) {
            throw new SipParseException("CSeq number " + SipUri.clip(digits) + " is larger than 2**32-1");
        }
        return new CSeq(Long.parseLong(trimmed), method);
    }
}
