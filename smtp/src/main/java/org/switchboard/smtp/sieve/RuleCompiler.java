package org.switchboard.smtp.sieve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.smtp.sieve.MailRule.Action;
import org.switchboard.smtp.sieve.MailRule.Condition;
import org.switchboard.smtp.sieve.MailRule.Kind;

/**
 * Compiles the guide's rules (mail-outlook-support §6) to one Sieve script and reads them back.
 * The rules travel with the script as JSON in a structured comment, so raw Sieve and rules stay
 * one thing. Mapping: address lines → {@code address}, subject → {@code header}, attachment →
 * {@code header :mime :anychild} (RFC 5703), size → {@code size :over}, spam → the filter's
 * X-Spam-Flag/X-Spam-Status; move → fileinto, forward → redirect (keep adds a copy), notify →
 * enotify mailto (RFC 5435), autoreply → vacation, at most one per message. The placeholders of
 * notification and autoreply texts become variables set at the top of the script (RFC 5229):
 * $from$, $from-name$, $to$, $subject$, $date$ and $text$ (the first 500 characters of the text
 * body, RFC 5173 "body :text"). Pure.
 */
public final class RuleCompiler {
    static final String MARKER = "# switchboard-rules: ";
    public static final int MAX_RULES = 200;
    public static final int MAX_TEXT = 4000;
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>()\",;:]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]{1,12})\\s*(B|KB|K|MB|M|GB|G)?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(from-name|from|subject|to|date|text)\\$", Pattern.CASE_INSENSITIVE);
    /** What a placeholder stands for, as the Sieve that sets its variable; the display name falls back to the address. */
    private static final Map<String, String> PLACEHOLDER_SOURCES = placeholderSources();

    private RuleCompiler() {}

    /** @throws IllegalArgumentException naming the rule and what is wrong with it */
    public static void validate(MailRules rules) {
        if (rules.rules().size() > MAX_RULES) throw new IllegalArgumentException("at most " + MAX_RULES + " rules");
        Set<String> names = new HashSet<>();
        for (MailRule r : rules.rules()) {
            if (r.name() == null || r.name().isBlank() || r.name().length() > 200) throw new IllegalArgumentException("every rule needs a name (up to 200 characters)");
            String where = "rule \"" + r.name() + "\": ";
            if (!names.add(r.name().toLowerCase(Locale.ROOT))) throw new IllegalArgumentException(where + "another rule has this name");
            if (r.conditions().isEmpty()) throw new IllegalArgumentException(where + "give at least one condition (ALL_MESSAGES for every message)");
            if (r.actions().isEmpty()) throw new IllegalArgumentException(where + "give at least one action");
            for (Condition c : r.conditions()) condition(c, where);
            Set<Kind> kinds = new HashSet<>();
            for (Action a : r.actions()) {
                action(a, where);
                kinds.add(a.kind());
            }
            // Guide §6: Keep must be combined with another action and never with Discard.
            if (kinds.contains(Kind.KEEP) && kinds.contains(Kind.DISCARD)) throw new IllegalArgumentException(where + "KEEP and DISCARD cannot be combined");
            if (kinds.contains(Kind.KEEP) && kinds.size() == 1) throw new IllegalArgumentException(where + "KEEP needs another action (MOVE, FORWARD, ...)");
            if (kinds.contains(Kind.REJECT) && (kinds.contains(Kind.KEEP) || kinds.contains(Kind.MOVE) || kinds.contains(Kind.FORWARD)
                    || kinds.contains(Kind.AUTOREPLY))) {
                throw new IllegalArgumentException(where + "REJECT cannot be combined with KEEP, MOVE, FORWARD or AUTOREPLY");
            }
        }
        var ooo = rules.outOfOffice();
        if (ooo.enabled() && (ooo.text() == null || ooo.text().isBlank())) throw new IllegalArgumentException("out of office: give the reply text");
        if (ooo.text() != null && ooo.text().length() > MAX_TEXT) throw new IllegalArgumentException("out of office: text longer than " + MAX_TEXT);
    }

    private static void condition(Condition c, String where) {
        if (c.field() == null) throw new IllegalArgumentException(where + "a condition without a field");
        switch (c.field()) {
            case TO_OR_CC, FROM, TO, CC, SENDER, SUBJECT -> {
                if (c.operator() == null) throw new IllegalArgumentException(where + c.field() + " needs an operator (IS, CONTAINS, MATCHES, ...)");
                if (c.value() == null || c.value().isEmpty() || c.value().length() > 1000) throw new IllegalArgumentException(where + c.field() + " needs a value");
            }
            case SIZE_OVER -> bytes(c.value(), where);
            case HAS_ATTACHMENT, IS_SPAM, ALL_MESSAGES -> { }
        }
    }

    private static void action(Action a, String where) {
        if (a.kind() == null) throw new IllegalArgumentException(where + "an action without a kind");
        switch (a.kind()) {
            case MOVE -> {
                if (a.value() == null || a.value().isBlank() || a.value().length() > 255 || a.value().chars().anyMatch(ch -> ch < 0x20)) {
                    throw new IllegalArgumentException(where + "MOVE needs a folder name");
                }
            }
            case FORWARD, NOTIFY -> {
                if (a.value() == null || !ADDRESS.matcher(a.value().trim()).matches()) throw new IllegalArgumentException(where + a.kind() + " needs an address");
            }
            case REJECT, AUTOREPLY -> {
                if (a.text() == null || a.text().isBlank()) throw new IllegalArgumentException(where + a.kind() + " needs a text");
            }
            case KEEP, DISCARD, STOP -> { }
        }
        if (a.text() != null && a.text().length() > MAX_TEXT) throw new IllegalArgumentException(where + "text longer than " + MAX_TEXT);
    }

    static long bytes(String size, String where) {
        Matcher m = size == null ? null : SIZE.matcher(size);
        if (m == null || !m.matches()) throw new IllegalArgumentException(where + "SIZE_OVER needs a size such as 500 B, 20 KB or 2 MB");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        // The guide leaves KB and MB undefined; Sieve's own K and M are powers of two (RFC 5228 §2.4.1).
        return switch (unit.charAt(0)) {
            case 'K' -> n << 10;
            case 'M' -> n << 20;
            case 'G' -> n << 30;
            default -> n;
        };
    }

    /** The Sieve script for {@code rules}; @throws IllegalArgumentException when they do not validate */
    public static String compile(MailRules rules) {
        validate(rules);
        Set<String> require = new LinkedHashSet<>();
        StringBuilder body = new StringBuilder();
        boolean ooo = rules.outOfOffice().enabled();
        Set<String> placeholders = new LinkedHashSet<>();
        List<String> rejecting = new ArrayList<>();
        for (MailRule r : rules.rules()) {
            if (!r.enabled()) continue;
            String test = test(r, require);
            body.append("# rule: ").append(r.name().replace("\n", " ").replace("\r", " ")).append('\n');
            body.append("if ").append(test).append(" {\n");
            for (Action a : r.actions()) {
                switch (a.kind()) {
                    case MOVE -> {
                        require.add("fileinto");
                        body.append("    fileinto ").append(SieveScripts.quote(a.value().trim())).append(";\n");
                    }
                    case FORWARD -> body.append("    redirect ").append(SieveScripts.quote(a.value().trim())).append(";\n");
                    case REJECT -> {
                        require.add("reject");
                        body.append("    reject ").append(SieveScripts.quote(a.text())).append(";\n");
                        rejecting.add(test);
                    }
                    case KEEP -> body.append("    keep;\n");
                    case DISCARD -> body.append("    discard;\n");
                    case NOTIFY -> {
                        require.add("enotify");
                        require.add("variables");
                        String text = a.text() == null || a.text().isBlank() ? "New mail from $from$: $subject$" : a.text();
                        String message = placeholders(text, placeholders);
                        body.append("    notify :message ").append(SieveScripts.quote(message)).append(' ')
                                .append(SieveScripts.quote("mailto:" + a.value().trim())).append(";\n");
                    }
                    case AUTOREPLY -> {
                        // Guide §6.2: out of office beats the rules' autoreplies; RFC 5230 allows one vacation per message.
                        if (ooo) continue;
                        require.add("vacation");
                        require.add("variables");
                        body.append("    if string :is \"${sb_replied}\" \"\" {\n        set \"sb_replied\" \"1\";\n        vacation :days 7 ")
                                .append(":handle ").append(SieveScripts.quote("rule " + r.name())).append(' ')
                                .append(SieveScripts.quote(placeholders(a.text(), placeholders))).append(";\n    }\n");
                    }
                    case STOP -> { }
                }
            }
            if (r.actions().stream().anyMatch(a -> a.kind() == Kind.STOP)) body.append("    stop;\n");
            body.append("}\n");
        }
        StringBuilder head = new StringBuilder();
        try {
            head.append("# Generated by Switchboard from the rules for incoming messages; edit them in the console, API or CLI.\n");
            head.append(MARKER).append(JSON.writeValueAsString(rules)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder pre = new StringBuilder();
        for (String p : placeholders) {
            pre.append(PLACEHOLDER_SOURCES.get(p)).append('\n');
            if (p.equals("from-name")) require.add("regex");
            if (p.equals("text")) require.addAll(List.of("body", "regex"));
        }
        if (ooo) {
            require.add("vacation");
            MailRules.OutOfOffice o = rules.outOfOffice();
            String vacation = "vacation :days 7 " + (o.subject() == null || o.subject().isBlank() ? "" : ":subject " + SieveScripts.quote(o.subject()) + " ")
                    + ":handle \"out-of-office\" " + SieveScripts.quote(o.text()) + ";";
            // RFC 5429: vacation and reject cannot meet, so no out-of-office reply to a message a rule rejects.
            if (rejecting.isEmpty()) pre.append("# out of office\n").append(vacation).append('\n');
            else pre.append("# out of office\nif not anyof (").append(String.join(", ", rejecting)).append(") {\n    ").append(vacation).append("\n}\n");
        }
        String requires = require.isEmpty() ? "" : "require [" + String.join(", ", require.stream().map(SieveScripts::quote).toList()) + "];\n";
        return head + requires + pre + body;
    }

    /**
     * The text with its placeholders as variables, noting which were used. A literal "${" becomes "$" + an unset
     * variable + "{": expansion is one pass (RFC 5229 §3).
     */
    private static String placeholders(String text, Set<String> used) {
        return PLACEHOLDER.matcher(text.replace("${", "$${sb_none}{")).replaceAll(x -> {
            String name = x.group(1).toLowerCase(Locale.ROOT);
            used.add(name);
            return Matcher.quoteReplacement("${sb_" + name.replace('-', '_') + "}");
        });
    }

    private static Map<String, String> placeholderSources() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : List.of("from", "to", "subject", "date")) {
            out.put(header, "if header :matches \"" + header + "\" \"*\" { set \"sb_" + header + "\" \"${1}\"; }");
        }
        out.put("from-name", "if address :all :matches \"from\" \"*\" { set \"sb_from_name\" \"${1}\"; }\n"
                + "if header :regex \"from\" " + SieveScripts.quote("^\\s*\"?([^\"<]*[^\"<\\s])\"?\\s*<") + " { set \"sb_from_name\" \"${1}\"; }");
        out.put("text", "if body :text :regex \"^(.{0,500})\" { set \"sb_text\" \"${1}\"; }");
        return Map.copyOf(out);
    }

    private static String test(MailRule r, Set<String> require) {
        List<String> tests = new ArrayList<>();
        for (Condition c : r.conditions()) tests.add(test(c, require));
        if (tests.size() == 1) return tests.getFirst();
        return (r.matchAll() ? "allof" : "anyof") + " (" + String.join(", ", tests) + ")";
    }

    private static String test(Condition c, Set<String> require) {
        return switch (c.field()) {
            case TO_OR_CC -> compare("address", "[\"to\", \"cc\"]", c);
            case FROM -> compare("address", "\"from\"", c);
            case TO -> compare("address", "\"to\"", c);
            case CC -> compare("address", "\"cc\"", c);
            case SENDER -> compare("address", "\"sender\"", c);
            case SUBJECT -> compare("header", "\"subject\"", c);
            case HAS_ATTACHMENT -> {
                require.add("mime");
                yield "header :mime :anychild :contains \"content-disposition\" \"attachment\"";
            }
            case SIZE_OVER -> "size :over " + bytes(c.value(), "");
            // The spam filter marks what it judged spam in these fields (SpamAssassin's convention).
            case IS_SPAM -> "anyof (header :is \"x-spam-flag\" \"yes\", header :matches \"x-spam-status\" \"yes*\")";
            case ALL_MESSAGES -> "true";
        };
    }

    private static String compare(String test, String fields, Condition c) {
        String type = switch (c.operator()) {
            case IS, IS_NOT -> ":is";
            case CONTAINS, NOT_CONTAINS -> ":contains";
            case MATCHES, NOT_MATCHES -> ":matches";
        };
        boolean negate = c.operator() == MailRule.Operator.IS_NOT || c.operator() == MailRule.Operator.NOT_CONTAINS
                || c.operator() == MailRule.Operator.NOT_MATCHES;
        String t = test + " " + type + " " + fields + " " + SieveScripts.quote(c.value());
        return negate ? "not " + t : t;
    }

    /** The rules a script was compiled from; empty when it was not written by {@link #compile}. */
    public static Optional<MailRules> read(String script) {
        for (String line : script.split("\n")) {
            if (!line.startsWith(MARKER)) continue;
            try {
                return Optional.of(JSON.readValue(line.substring(MARKER.length()).trim(), MailRules.class));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
