package org.switchboard.smtp.sieve;

import java.util.List;

/**
 * A user's rules for incoming messages in order, and the built-in out-of-office rule (guide
 * §6.2: one reply per sender per 7 days, never to lists or automatic mail; it beats the rules'
 * own autoreplies). Immutable; JSON in the API.
 */
public record MailRules(List<MailRule> rules, OutOfOffice outOfOffice) {
    public static final MailRules NONE = new MailRules(List.of(), OutOfOffice.OFF);

    public MailRules {
        rules = rules == null ? List.of() : List.copyOf(rules);
        outOfOffice = outOfOffice == null ? OutOfOffice.OFF : outOfOffice;
    }

    /** {@code subject} may be null: the reply then says "Auto:" and the original subject (RFC 5230 §5.4 default). */
    public record OutOfOffice(boolean enabled, String subject, String text) {
        public static final OutOfOffice OFF = new OutOfOffice(false, null, "");
    }
}
