package org.switchboard.pbx.sip.codec;

/** Status-Line plus fields and body (RFC 3261 §7.2). */
public record SipResponse(int status, String reason, Headers headers, byte[] body) implements SipMessage {
    public SipResponse {
        if (body == null) body = new byte[0];
        if (reason == null) reason = "";
    }

    public boolean provisional() { return status < 200; }

    public boolean success() { return status >= 200 && status < 300; }

    public boolean finalResponse() { return status >= 200; }

    public SipResponse withHeaders(Headers h) { return new SipResponse(status, reason, h, body); }

    public SipResponse withBody(String contentType, byte[] b) {
        Headers h = contentType == null ? headers.without(HeaderNames.CONTENT_TYPE) : headers.set(HeaderNames.CONTENT_TYPE, contentType);
        return new SipResponse(status, reason, h, b);
    }

    /**
     * A response to {@code request} copying Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2); {@code toTag} is
     * added to To unless it already has one or is null.
     */
    public static SipResponse to(SipRequest request, int status, String reason, String toTag) {
        Headers in = request.headers();
        Headers h = Headers.EMPTY;
        for (String v : in.all(HeaderNames.VIA)) h = h.add(HeaderNames.VIA, v);
        String toValue = in.first(HeaderNames.TO).orElseThrow();
        if (toTag != null && status > 100 && in.to().tag().isEmpty()) toValue = in.to().withTag(toTag).toString();
        h = h.add(HeaderNames.FROM, in.first(HeaderNames.FROM).orElseThrow())
                .add(HeaderNames.TO, toValue)
                .add(HeaderNames.CALL_ID, in.callId())
                .add(HeaderNames.CSEQ, in.first(HeaderNames.CSEQ).orElseThrow().strip());
        return new SipResponse(status, reason, h, null);
    }

    public static String reasonFor(int status) {
        return switch (status) {
            case 100 -> "Trying";
            case 180 -> "Ringing";
            case 181 -> "Call Is Being Forwarded";
            case 183 -> "Session Progress";
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Unsupported URI Scheme";
            case 420 -> "Bad Extension";
            case 423 -> "Interval Too Brief";
            case 480 -> "Temporarily Unavailable";
            case 481 -> "Call/Transaction Does Not Exist";
            case 482 -> "Loop Detected";
            case 483 -> "Too Many Hops";
            case 486 -> "Busy Here";
            case 487 -> "Request Terminated";
            case 488 -> "Not Acceptable Here";
            case 491 -> "Request Pending";
            case 500 -> "Server Internal Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "Version Not Supported";
            case 513 -> "Message Too Large";
            case 603 -> "Decline";
            default -> status < 200 ? "Progress" : status < 300 ? "OK" : "Error";
        };
    }
}
