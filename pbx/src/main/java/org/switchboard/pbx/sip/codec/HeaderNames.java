package org.switchboard.pbx.sip.codec;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Canonical header names, the compact forms of RFC 3261 §7.3.3 (and later RFCs), and which fields are comma lists. */
public final class HeaderNames {
    public static final String VIA = "Via", FROM = "From", TO = "To", CALL_ID = "Call-ID", CSEQ = "CSeq",
            CONTACT = "Contact", MAX_FORWARDS = "Max-Forwards", CONTENT_LENGTH = "Content-Length",
            CONTENT_TYPE = "Content-Type", EXPIRES = "Expires", ROUTE = "Route", RECORD_ROUTE = "Record-Route",
            AUTHORIZATION = "Authorization", PROXY_AUTHORIZATION = "Proxy-Authorization",
            WWW_AUTHENTICATE = "WWW-Authenticate", PROXY_AUTHENTICATE = "Proxy-Authenticate", ALLOW = "Allow",
            SUPPORTED = "Supported", REQUIRE = "Require", UNSUPPORTED = "Unsupported", MIN_EXPIRES = "Min-Expires",
            USER_AGENT = "User-Agent", SERVER = "Server", REFER_TO = "Refer-To", REFERRED_BY = "Referred-By",
            EVENT = "Event", SUBSCRIPTION_STATE = "Subscription-State", ACCEPT = "Accept", RETRY_AFTER = "Retry-After",
            REASON = "Reason", DATE = "Date", REPLACES = "Replaces", REFER_SUB = "Refer-Sub";

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", CALL_ID), Map.entry("m", CONTACT), Map.entry("e", "Content-Encoding"),
            Map.entry("l", CONTENT_LENGTH), Map.entry("c", CONTENT_TYPE), Map.entry("f", FROM),
            Map.entry("s", "Subject"), Map.entry("k", SUPPORTED), Map.entry("t", TO), Map.entry("v", VIA),
            Map.entry("o", EVENT), Map.entry("r", REFER_TO), Map.entry("b", REFERRED_BY), Map.entry("u", "Allow-Events"),
            Map.entry("x", "Session-Expires"), Map.entry("y", "Identity"), Map.entry("a", "Accept-Contact"),
            Map.entry("j", "Reject-Contact"), Map.entry("d", "Request-Disposition"));

    private static final Map<String, String> CANONICAL;

    static {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        for (String n : new String[] {VIA, FROM, TO, CALL_ID, CSEQ, CONTACT, MAX_FORWARDS, CONTENT_LENGTH, CONTENT_TYPE,
                EXPIRES, ROUTE, RECORD_ROUTE, AUTHORIZATION, PROXY_AUTHORIZATION, WWW_AUTHENTICATE, PROXY_AUTHENTICATE,
                ALLOW, SUPPORTED, REQUIRE, UNSUPPORTED, MIN_EXPIRES, USER_AGENT, SERVER, REFER_TO, REFERRED_BY, EVENT,
                SUBSCRIPTION_STATE, ACCEPT, RETRY_AFTER, REASON, DATE, REPLACES, REFER_SUB, "Proxy-Require", "Subject", "Content-Encoding",
                "Allow-Events", "Session-Expires", "Identity", "Accept-Encoding", "Accept-Language", "Organization",
                "Priority", "Timestamp", "Warning", "In-Reply-To", "Reply-To", "Content-Disposition", "Call-Info",
                "Alert-Info", "Error-Info", "Path", "P-Asserted-Identity", "Privacy"}) {
            m.put(n.toLowerCase(Locale.ROOT), n);
        }
        CANONICAL = Map.copyOf(m);
    }

    /** Fields whose values are comma-separated lists and may be split into one value per field (RFC 3261 §7.3.1). */
    private static final Set<String> LISTS = Set.of(VIA, CONTACT, ROUTE, RECORD_ROUTE, ALLOW, SUPPORTED, REQUIRE,
            UNSUPPORTED, "Proxy-Require", ACCEPT, "Accept-Encoding", "Accept-Language", "Allow-Events", "Path",
            "Content-Encoding", "In-Reply-To", "Call-Info", "Alert-Info", "Error-Info", "Warning", "P-Asserted-Identity");

    private HeaderNames() {}

    /** The canonical spelling of a received name (compact forms expanded); unknown names keep theirs. */
    public static String canonical(String name) {
        if (name.length() == 1) {
            String full = COMPACT.get(name.toLowerCase(Locale.ROOT));
            if (full != null) return full;
        }
        return CANONICAL.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    static boolean isList(String canonicalName) { return LISTS.contains(canonicalName); }
}
