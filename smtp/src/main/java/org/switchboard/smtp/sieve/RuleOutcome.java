package org.switchboard.smtp.sieve;

import java.util.List;

/**
 * What a user's rules decided for one message (RFC 5228 §4): keep it in INBOX, file it into
 * folders, redirect it, reject it with a reason, and any vacation replies already queued.
 * No script, or a script that failed, yields {@link #KEEP} (RFC 5228 §2.10.6: errors keep).
 */
public record RuleOutcome(boolean keep, List<String> folders, List<String> redirects, String reject) {
    public static final RuleOutcome KEEP = new RuleOutcome(true, List.of(), List.of(), null);

    public RuleOutcome {
        folders = List.copyOf(folders);
        redirects = List.copyOf(redirects);
    }
}
