package org.switchboard.smtp.fetch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multi-drop sorting (guide part 1 §27), pure: the addresses a downloaded message names in its
 * sort headers are matched against the rules; every match adds its delivery address. The
 * catch-all rule applies only when nothing else matched; without it the message goes nowhere.
 */
final class Sorting {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");
    /** RFC 5321 §4.4: the "for" clause of a Received field names the envelope recipient. */
    private static final Pattern RECEIVED_FOR = Pattern.compile("\\bfor\\s+<?(" + ADDRESS.pattern() + ")>?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_ADDRESSES = 500;

    private Sorting() {
    }

    /** Addresses found in header values (in order, lower-cased, without duplicates), at most a few hundred. */
    static List<String> addresses(List<String> headerValues, List<String> receivedValues) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : headerValues) collect(ADDRESS.matcher(v), 0, out);
        for (String v : receivedValues) collect(RECEIVED_FOR.matcher(v), 1, out);
        return new ArrayList<>(out);
    }

    private static void collect(Matcher m, int group, Set<String> out) {
        while (m.find() && out.size() < MAX_ADDRESSES) out.add(m.group(group).toLowerCase(Locale.ROOT));
    }

    /** The delivery addresses for a message naming {@code addresses}; empty means discard. */
    static List<String> recipients(List<String> addresses, List<SortingRule> rules) {
        Set<String> out = new LinkedHashSet<>();
        for (String a : addresses) {
            for (SortingRule r : rules) {
                if (r.catchAll()) continue;
                String target = match(r, a);
                if (target != null) {
                    out.add(target);
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            rules.stream().filter(SortingRule::catchAll).findFirst().ifPresent(r -> out.add(r.deliverTo().strip().toLowerCase(Locale.ROOT)));
        }
        return new ArrayList<>(out);
    }

    /** The rule's delivery address for {@code address}, or null when the pattern does not match. */
    static String match(SortingRule rule, String address) {
        String pattern = rule.sortAddress().strip().toLowerCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append("(.*?)");
            regex.append(Pattern.quote(part));
        }
        Matcher m = Pattern.compile(regex.toString()).matcher(address.toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        String target = rule.deliverTo().strip().toLowerCase(Locale.ROOT);
        return m.groupCount() > 0 ? target.replace("*", m.group(1)) : target;
    }
}
