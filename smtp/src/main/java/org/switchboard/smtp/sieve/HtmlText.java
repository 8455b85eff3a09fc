package org.switchboard.smtp.sieve;

import java.util.Locale;
import java.util.Map;

/**
 * The text of an HTML part for "body :text" (RFC 5173 §5.2 lets HTML be reduced to its text):
 * tags and comments dropped, script and style content dropped, block tags made line breaks, the
 * common entities and numeric references decoded. Linear in the input; pure.
 */
final class HtmlText {
    private static final Map<String, String> ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ");

    private HtmlText() {}

    static String strip(String html) {
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                if (html.startsWith("<!--", i)) {
                    int end = html.indexOf("-->", i + 4);
                    i = end < 0 ? html.length() : end + 3;
                    continue;
                }
                int end = html.indexOf('>', i + 1);
                if (end < 0) break;
                String tag = name(html, i + 1, end);
                i = end + 1;
                if (tag.equals("script") || tag.equals("style")) {
                    i = closing(html, tag, i);
                } else if (tag.matches("/?(p|div|br|tr|li|h[1-6]|table|blockquote)")) {
                    out.append('\n');
                }
            } else if (c == '&') {
                int end = html.indexOf(';', i + 1);
                String decoded = end > 0 && end - i <= 10 ? entity(html.substring(i + 1, end)) : null;
                if (decoded == null) {
                    out.append(c);
                    i++;
                } else {
                    out.append(decoded);
                    i = end + 1;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Where "</tag" starts, case-insensitively, or the end. */
    private static int closing(String html, String tag, int from) {
        for (int at = html.indexOf("</", from); at >= 0; at = html.indexOf("</", at + 2)) {
            if (html.regionMatches(true, at + 2, tag, 0, tag.length())) return at;
        }
        return html.length();
    }

    private static String name(String html, int from, int to) {
        int end = from;
        if (end < to && html.charAt(end) == '/') end++;
        while (end < to && Character.isLetterOrDigit(html.charAt(end))) end++;
        return html.substring(from, end).toLowerCase(Locale.ROOT);
    }

    private static String entity(String name) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) return Character.toString(Integer.parseInt(name.substring(2), 16));
            if (name.startsWith("#")) return Character.toString(Integer.parseInt(name.substring(1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return ENTITIES.get(name.toLowerCase(Locale.ROOT));
    }
}
