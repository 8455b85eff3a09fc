package org.switchboard.smtp.sieve;

import java.util.Locale;

/**
 * The short phrases the CLI and the console write rules in: conditions such as
 * {@code from contains spam.com}, {@code size-over 2MB}, {@code has-attachment}, and actions such
 * as {@code move Junk}, {@code notify phone@example.net New mail from $from$}. Pure; parsing and
 * writing round-trip.
 */
public final class RulePhrases {
    public static final String FIELDS = "to-or-cc, from, to, cc, sender, subject, size-over, has-attachment, is-spam, all";
    public static final String OPERATORS = "is, is-not, contains, not-contains, matches, not-matches";
    public static final String ACTIONS = "move FOLDER, forward ADDRESS, reject TEXT, keep, discard, notify ADDRESS [TEXT], autoreply TEXT, stop";

    private RulePhrases() {}

    /** @throws IllegalArgumentException saying what is wrong and what is allowed */
    public static MailRule.Condition condition(String phrase) {
        String[] w = phrase.trim().split("\\s+", 3);
        MailRule.Field field = enumOf(MailRule.Field.class, w[0], "condition", FIELDS);
        return switch (field) {
            case SIZE_OVER -> {
                if (w.length < 2) throw new IllegalArgumentException("size-over needs a size, e.g. size-over 2MB");
                yield new MailRule.Condition(field, null, phrase.trim().split("\\s+", 2)[1]);
            }
            case HAS_ATTACHMENT, IS_SPAM, ALL_MESSAGES -> new MailRule.Condition(field, null, null);
            default -> {
                if (w.length < 3) throw new IllegalArgumentException(w[0] + " needs an operator and a value, e.g. \"" + w[0] + " contains example.com\"");
                yield new MailRule.Condition(field, enumOf(MailRule.Operator.class, w[1], "operator", OPERATORS), w[2]);
            }
        };
    }

    /** @throws IllegalArgumentException saying what is wrong and what is allowed */
    public static MailRule.Action action(String phrase) {
        String[] w = phrase.trim().split("\\s+", 2);
        MailRule.Kind kind = enumOf(MailRule.Kind.class, w[0], "action", ACTIONS);
        String rest = w.length > 1 ? w[1] : null;
        return switch (kind) {
            case MOVE, FORWARD -> new MailRule.Action(kind, rest, null);
            case NOTIFY -> {
                String[] t = rest == null ? new String[] {null} : rest.split("\\s+", 2);
                yield new MailRule.Action(kind, t[0], t.length > 1 ? t[1] : null);
            }
            case REJECT, AUTOREPLY -> new MailRule.Action(kind, null, rest);
            case KEEP, DISCARD, STOP -> new MailRule.Action(kind, null, null);
        };
    }

    public static String describe(MailRule.Condition c) {
        return join(word(c.field() == MailRule.Field.ALL_MESSAGES ? "ALL" : c.field().name()),
                c.operator() == null ? null : word(c.operator().name()), c.value());
    }

    public static String describe(MailRule.Action a) {
        return join(word(a.kind().name()), a.value(), a.text());
    }

    private static String word(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) if (p != null) b.append(b.isEmpty() ? "" : " ").append(p);
        return b.toString();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String word, String what, String choices) {
        String name = word.toUpperCase(Locale.ROOT).replace('-', '_');
        if (name.equals("ALL")) name = "ALL_MESSAGES";
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " \"" + word + "\"; use " + choices);
        }
    }
}
