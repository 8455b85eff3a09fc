package org.switchboard.smtp.fetch;

import java.util.List;
import org.switchboard.core.settings.Section;

/**
 * Delivery settings for downloading and scheduling (guide part 1 §27, §29). The accounts and the
 * scheduled actions themselves are kept by {@link FetchService}; this section holds what applies
 * to all of them.
 *
 * @param sendOnlyOnSchedule  dial-up: mail for other hosts stays queued until a scheduled send (local delivery is unaffected)
 * @param sortHeaders         header fields whose addresses are matched against the sorting rules, in order
 * @param useReceivedHeaders  also sort by the "for <address>" clause of Received fields (the envelope recipient a provider recorded)
 * @param sortingRules        multi-drop sorting rules, first match per address wins; "*" is the catch-all
 */
public record FetchSettings(boolean sendOnlyOnSchedule, List<String> sortHeaders, boolean useReceivedHeaders, List<SortingRule> sortingRules) {
    /**
     * Envelope headers (Delivered-To, X-Envelope-To, X-Original-To) are left out by default: many
     * providers write the drop mailbox's own address there, which would sort mail back into it.
     */
    public static final List<String> DEFAULT_SORT_HEADERS = List.of("To", "Cc");
    public static final FetchSettings DEFAULTS = new FetchSettings(false, DEFAULT_SORT_HEADERS, false, List.of());
    public static final Section<FetchSettings> SECTION = new Section<>("fetch", FetchSettings.class, DEFAULTS, FetchSettings::check);
    private static final int MAX_RULES = 1000;

    public FetchSettings {
        sortHeaders = sortHeaders == null ? DEFAULT_SORT_HEADERS : List.copyOf(sortHeaders);
        sortingRules = sortingRules == null ? List.of() : List.copyOf(sortingRules);
    }

    static void check(FetchSettings s) {
        if (s.sortHeaders().size() > 20) throw new IllegalArgumentException("sortHeaders: at most 20 header names");
        for (String h : s.sortHeaders()) {
            if (h == null || !h.matches("[!-9;-~]{1,76}")) throw new IllegalArgumentException("sortHeaders: '" + h + "' is not a header field name");
        }
        if (s.sortingRules().size() > MAX_RULES) throw new IllegalArgumentException("sortingRules: at most " + MAX_RULES + " rules");
        for (SortingRule r : s.sortingRules()) {
            if (r == null || r.sortAddress() == null || r.deliverTo() == null) {
                throw new IllegalArgumentException("sortingRules: each rule needs a sortAddress and a deliverTo address");
            }
            String pattern = r.sortAddress().strip();
            String target = r.deliverTo().strip();
            if (!r.catchAll() && !pattern.matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException("sortingRules: sortAddress '" + pattern + "' must be an address pattern such as *@example.com, or *");
            }
            if (!target.matches("[^@\\s]+@[^@\\s]+") || target.length() > 254) {
                throw new IllegalArgumentException("sortingRules: deliverTo '" + target + "' must be an e-mail address");
            }
            if (target.contains("*") && (r.catchAll() || !pattern.contains("*"))) {
                throw new IllegalArgumentException("sortingRules: deliverTo '" + target + "' may use * only when its sortAddress has a * besides the catch-all");
            }
        }
    }
}
