package org.switchboard.smtp.sieve;

import java.util.List;
import java.util.Set;

/**
 * The actions a script run decided (RFC 5228 §4, RFC 5232 flags, RFC 3894 :copy, RFC 5429,
 * RFC 5230, RFC 5435). They are only collected while the script runs and carried out afterwards,
 * so a script error leaves nothing half done. Immutable.
 */
sealed interface SieveAction {
    record Keep(Set<String> flags) implements SieveAction {
        public Keep { flags = Set.copyOf(flags); }
    }

    record FileInto(String folder, Set<String> flags, boolean copy) implements SieveAction {
        public FileInto { flags = Set.copyOf(flags); }
    }

    record Redirect(String address, boolean copy) implements SieveAction {}

    record Reject(String reason, boolean extended) implements SieveAction {}

    record Discard() implements SieveAction {}

    record Vacation(int days, String subject, String from, List<String> addresses, boolean mime, String handle, String reason)
            implements SieveAction {
        public Vacation { addresses = List.copyOf(addresses); }
    }

    record Notify(String method, String from, String importance, List<String> options, String message) implements SieveAction {
        public Notify { options = List.copyOf(options); }
    }
}
