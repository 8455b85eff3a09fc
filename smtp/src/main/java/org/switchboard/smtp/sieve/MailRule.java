package org.switchboard.smtp.sieve;

import java.util.List;

/**
 * One of the guide's rules for incoming messages (mail-outlook-support §6): a name, an enabled
 * flag, conditions joined by "and" ({@code matchAll}) or "or", and actions, tested top-down.
 * {@link RuleCompiler} turns a list of them into Sieve. Immutable; JSON in the API.
 */
public record MailRule(String name, boolean enabled, boolean matchAll, List<Condition> conditions, List<Action> actions) {
    public MailRule {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** What a condition looks at: an address line, the subject, attachments, the size, the spam mark, or everything. */
    public enum Field { TO_OR_CC, FROM, TO, CC, SENDER, SUBJECT, HAS_ATTACHMENT, SIZE_OVER, IS_SPAM, ALL_MESSAGES }

    /** The guide's "Rule Condition Options". */
    public enum Operator { IS, IS_NOT, CONTAINS, NOT_CONTAINS, MATCHES, NOT_MATCHES }

    /**
     * {@code operator} and {@code value} apply to the address and subject fields; SIZE_OVER takes
     * its value as a size ("500 B", "20 KB", "2 MB"); the others take neither.
     */
    public record Condition(Field field, Operator operator, String value) {}

    public enum Kind { MOVE, FORWARD, REJECT, KEEP, DISCARD, NOTIFY, AUTOREPLY, STOP }

    /**
     * MOVE: {@code value} is the folder; FORWARD and NOTIFY: the address; REJECT, NOTIFY and
     * AUTOREPLY: {@code text} (notifications and autoreplies may use $from$, $from-name$, $to$, $subject$,
     * $date$ and $text$; see {@link RuleCompiler}).
     */
    public record Action(Kind kind, String value, String text) {}
}
