package org.switchboard.smtp.sieve;

import java.util.List;
import java.util.Set;

/**
 * What a user's rules decided for one message (RFC 5228 §4): the folders to store it in with
 * the IMAP flags to set there (keep is a filing into INBOX; RFC 5232 §5), addresses to redirect
 * it to, or a rejection reason. No script, or a script that failed, yields {@link #KEEP}
 * (RFC 5228 §2.10.6: errors keep). Immutable.
 */
public record RuleOutcome(List<Filing> filings, List<String> redirects, String reject) {
    public static final String INBOX = "INBOX";
    public static final RuleOutcome KEEP = new RuleOutcome(List.of(new Filing(INBOX, Set.of())), List.of(), null);

    public record Filing(String folder, Set<String> flags) {
        public Filing {
            flags = Set.copyOf(flags);
        }
    }

    public RuleOutcome {
        filings = List.copyOf(filings);
        redirects = List.copyOf(redirects);
    }
}
