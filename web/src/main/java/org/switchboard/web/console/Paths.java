package org.switchboard.web.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds console links: names become single, percent-encoded path segments. */
final class Paths {
    private Paths() {}

    /** A path segment: '/' and '+' are encoded so the router sees exactly one decoded segment. */
    static String seg(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    static String q(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
