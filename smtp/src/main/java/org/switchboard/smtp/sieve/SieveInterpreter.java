package org.switchboard.smtp.sieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.sieve.SieveAst.Argument;
import org.switchboard.smtp.sieve.SieveAst.Command;
import org.switchboard.smtp.sieve.SieveAst.Num;
import org.switchboard.smtp.sieve.SieveAst.Script;
import org.switchboard.smtp.sieve.SieveAst.Strings;
import org.switchboard.smtp.sieve.SieveAst.Test;
import org.switchboard.smtp.sieve.SieveGrammar.Bound;

/**
 * Runs a validated script against one message (RFC 5228 §2.10 execution model) and returns the
 * actions it took, implicit keep included. Tests: header, address, envelope, exists, size, body
 * (RFC 5173), true/false/not/allof/anyof, string and hasflag; the {@link SieveComparator}s; match
 * types :is, :contains, :matches and :regex with match variables (RFC 5229 §3.2), relational
 * :count and :value (RFC 5231). A :regex that exhausts its budget is false. Errors while running
 * throw {@link SieveError}; the caller then keeps the message (§2.10.6). One run per instance.
 */
final class SieveInterpreter {
    static final int MAX_REDIRECTS = 4;
    static final int MAX_VARIABLES = 128;
    static final int MAX_VARIABLE_LENGTH = 4096;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>()\",;:]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Pattern FLAG = Pattern.compile("\\\\?[^\\s(){%*\"\\\\\\]]{1,64}");
    private static final List<String> SYSTEM_FLAGS = List.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");

    private final ParsedMessage message;
    private final String envelopeFrom;
    private final String envelopeTo;
    private final Set<String> required = new HashSet<>();
    private final Map<String, String> variables = new HashMap<>();
    private List<String> matched = List.of();
    private String flags = "";
    private final List<SieveAction> actions = new ArrayList<>();
    private boolean implicitKeep = true;

    private SieveInterpreter(ParsedMessage message, String envelopeFrom, String envelopeTo) {
        this.message = message;
        this.envelopeFrom = envelopeFrom == null ? "" : envelopeFrom;
        this.envelopeTo = envelopeTo == null ? "" : envelopeTo;
    }

    static List<SieveAction> run(Script script, ParsedMessage message, String envelopeFrom, String envelopeTo) {
        SieveInterpreter i = new SieveInterpreter(message, envelopeFrom, envelopeTo);
        i.execute(script.commands());
        return i.finish();
    }

    private List<SieveAction> finish() {
        boolean delivers = actions.stream().anyMatch(a -> a instanceof SieveAction.Keep || a instanceof SieveAction.FileInto
                || a instanceof SieveAction.Redirect);
        boolean rejects = actions.stream().anyMatch(a -> a instanceof SieveAction.Reject);
        // RFC 5429 §2.1: reject is incompatible with actions that deliver the message and with vacation.
        if (rejects && (delivers || actions.stream().anyMatch(a -> a instanceof SieveAction.Vacation))) {
            throw new SieveError(0, "reject cannot be combined with keep, fileinto, redirect or vacation");
        }
        if (implicitKeep) actions.add(new SieveAction.Keep(flagSet(flags)));
        return List.copyOf(actions);
    }

    /** True when stop was executed. */
    private boolean execute(List<Command> commands) {
        boolean branchTaken = false;
        for (Command c : commands) {
            switch (c.name()) {
                case "require" -> ((Strings) c.args().getFirst()).values().forEach(required::add);
                case "if" -> {
                    branchTaken = test(c.tests().getFirst());
                    if (branchTaken && execute(c.block())) return true;
                }
                case "elsif" -> {
                    if (!branchTaken) {
                        branchTaken = test(c.tests().getFirst());
                        if (branchTaken && execute(c.block())) return true;
                    }
                }
                case "else" -> {
                    if (!branchTaken) {
                        branchTaken = true;
                        if (execute(c.block())) return true;
                    }
                }
                case "stop" -> {
                    return true;
                }
                default -> action(c);
            }
        }
        return false;
    }

    private void action(Command c) {
        Bound b = SieveGrammar.bind(SieveGrammar.command(c.name()), c.args(), c.line(), x -> { });
        switch (c.name()) {
            case "keep" -> {
                actions.add(new SieveAction.Keep(flagSet(b.has("flags") ? flagString(strings(b.tag("flags"))) : flags)));
                implicitKeep = false;
            }
            case "discard" -> {
                actions.add(new SieveAction.Discard());
                implicitKeep = false;
            }
            case "fileinto" -> {
                String folder = string(b.positional().getFirst());
                if (folder.isEmpty() || folder.length() > 255 || folder.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                    throw new SieveError(c.line(), "invalid folder name \"" + folder + "\"");
                }
                boolean copy = b.has("copy");
                actions.add(new SieveAction.FileInto(folder, flagSet(b.has("flags") ? flagString(strings(b.tag("flags"))) : flags), copy));
                if (!copy) implicitKeep = false;
            }
            case "redirect" -> {
                String address = string(b.positional().getFirst()).trim();
                if (address.startsWith("<") && address.endsWith(">")) address = address.substring(1, address.length() - 1);
                if (!ADDRESS.matcher(address).matches()) throw new SieveError(c.line(), "redirect to an invalid address \"" + address + "\"");
                if (actions.stream().filter(a -> a instanceof SieveAction.Redirect).count() >= MAX_REDIRECTS) {
                    throw new SieveError(c.line(), "more than " + MAX_REDIRECTS + " redirects");
                }
                boolean copy = b.has("copy");
                String target = address;
                // RFC 5228 §2.10.3: the same redirect twice is done once.
                if (actions.stream().noneMatch(a -> a instanceof SieveAction.Redirect r && r.address().equalsIgnoreCase(target))) {
                    actions.add(new SieveAction.Redirect(address, copy));
                }
                if (!copy) implicitKeep = false;
            }
            case "reject", "ereject" -> {
                if (actions.stream().anyMatch(a -> a instanceof SieveAction.Reject)) throw new SieveError(c.line(), "more than one reject");
                actions.add(new SieveAction.Reject(string(b.positional().getFirst()), c.name().equals("ereject")));
                implicitKeep = false;
            }
            case "set" -> set(b, c.line());
            case "setflag", "addflag", "removeflag" -> flagCommand(c.name(), b, c.line());
            case "vacation" -> {
                if (actions.stream().anyMatch(a -> a instanceof SieveAction.Vacation)) throw new SieveError(c.line(), "more than one vacation");
                int days = b.tag("days") instanceof Num n ? (int) Math.max(1, Math.min(365, n.value())) : 7;
                actions.add(new SieveAction.Vacation(days, optional(b, "subject"), optional(b, "from"),
                        b.has("addresses") ? strings(b.tag("addresses")) : List.of(), b.has("mime"), optional(b, "handle"),
                        string(b.positional().getFirst())));
            }
            case "notify" -> {
                String method = string(b.positional().getFirst());
                if (!Notifications.valid(method)) throw new SieveError(c.line(), "unsupported or invalid notification method \"" + method + "\"");
                String importance = optional(b, "importance");
                if (importance != null && !List.of("1", "2", "3").contains(importance)) {
                    throw new SieveError(c.line(), ":importance must be \"1\", \"2\" or \"3\"");
                }
                actions.add(new SieveAction.Notify(method, optional(b, "from"), importance,
                        b.has("options") ? strings(b.tag("options")) : List.of(), optional(b, "message")));
            }
            default -> throw new SieveError(c.line(), "unknown command " + c.name());
        }
    }

    private String optional(Bound b, String tag) {
        return b.has(tag) ? string(b.tag(tag)) : null;
    }

    // RFC 5229 §4: modifiers apply by precedence, highest first.
    private void set(Bound b, int line) {
        String name = ((Strings) b.positional().get(0)).values().getFirst().toLowerCase(Locale.ROOT);
        String value = string(b.positional().get(1));
        if (b.has("lower")) value = value.toLowerCase(Locale.ROOT);
        if (b.has("upper")) value = value.toUpperCase(Locale.ROOT);
        if (b.has("lowerfirst") && !value.isEmpty()) value = value.substring(0, 1).toLowerCase(Locale.ROOT) + value.substring(1);
        if (b.has("upperfirst") && !value.isEmpty()) value = value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
        if (b.has("quotewildcard")) value = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
        if (b.has("length")) value = String.valueOf(value.codePointCount(0, value.length()));
        assign(name, value, line);
    }

    private void assign(String name, String value, int line) {
        if (!variables.containsKey(name) && variables.size() >= MAX_VARIABLES) throw new SieveError(line, "more than " + MAX_VARIABLES + " variables");
        // RFC 5229 §6: an implementation may truncate what exceeds its limit.
        variables.put(name, value.length() > MAX_VARIABLE_LENGTH ? value.substring(0, MAX_VARIABLE_LENGTH) : value);
    }

    // RFC 5232 §3: the flag commands work on the internal variable or on a named one.
    private void flagCommand(String command, Bound b, int line) {
        Argument target = b.positional().get(0);
        String name = target == null ? null : string(target).toLowerCase(Locale.ROOT);
        if (name != null && !name.matches("[a-z_][a-z0-9_]{0,63}")) throw new SieveError(line, "invalid variable name \"" + name + "\"");
        String current = name == null ? flags : variables.getOrDefault(name, "");
        List<String> given = strings(b.positional().get(1));
        String result = switch (command) {
            case "setflag" -> flagString(given);
            case "addflag" -> {
                List<String> all = new ArrayList<>(List.of(current.split(" ")));
                all.addAll(given);
                yield flagString(all);
            }
            default -> {
                Set<String> remove = new HashSet<>();
                for (String g : given) for (String f : g.split("\\s+")) remove.add(f.toLowerCase(Locale.ROOT));
                List<String> kept = new ArrayList<>();
                for (String f : current.split(" ")) if (!remove.contains(f.toLowerCase(Locale.ROOT))) kept.add(f);
                yield flagString(kept);
            }
        };
        if (name == null) flags = result;
        else assign(name, result, line);
    }

    /** Space-separated, duplicates (case-insensitive) dropped, first spelling kept. */
    private static String flagString(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            for (String f : v.trim().split("\\s+")) if (!f.isEmpty()) out.putIfAbsent(f.toLowerCase(Locale.ROOT), f);
        }
        return String.join(" ", out.values());
    }

    /** The flags that can be stored: system flags in their canonical spelling and valid keywords (RFC 9051 §2.3.2). */
    private static Set<String> flagSet(String value) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String f : value.split(" ")) {
            if (f.isEmpty() || !FLAG.matcher(f).matches()) continue;
            if (f.startsWith("\\")) {
                SYSTEM_FLAGS.stream().filter(s -> s.equalsIgnoreCase(f)).findFirst().ifPresent(out::add);
            } else {
                out.add(f);
            }
        }
        return out;
    }

    private boolean test(Test t) {
        return switch (t.name()) {
            case "true" -> true;
            case "false" -> false;
            case "not" -> !test(t.tests().getFirst());
            case "allof" -> {
                for (Test x : t.tests()) if (!test(x)) yield false;
                yield true;
            }
            case "anyof" -> {
                for (Test x : t.tests()) if (test(x)) yield true;
                yield false;
            }
            default -> leaf(t, SieveGrammar.bind(SieveGrammar.test(t.name()), t.args(), t.line(), x -> { }));
        };
    }

    private boolean leaf(Test t, Bound b) {
        List<Argument> p = b.positional();
        return switch (t.name()) {
            case "header" -> {
                List<String> values = new ArrayList<>();
                List<String> names = strings(p.get(0));
                List<List<ParsedMessage.Field>> parts = b.has("anychild") ? message.parts() : List.of(message.parts().getFirst());
                for (List<ParsedMessage.Field> part : parts) {
                    for (ParsedMessage.Field f : part) {
                        if (names.stream().anyMatch(n -> n.equalsIgnoreCase(f.name()))) values.add(f.value());
                    }
                }
                yield match(b, values, strings(p.get(1)), t.line());
            }
            case "address" -> {
                List<String> values = new ArrayList<>();
                for (String h : strings(p.get(0))) {
                    for (String v : message.values(h)) for (String[] a : addresses(v)) values.add(part(b, a));
                }
                yield match(b, values, strings(p.get(1)), t.line());
            }
            case "envelope" -> {
                List<String> values = new ArrayList<>();
                for (String part : strings(p.get(0))) {
                    String v = switch (part.toLowerCase(Locale.ROOT)) {
                        case "from" -> envelopeFrom;
                        case "to" -> envelopeTo;
                        default -> null;
                    };
                    if (v == null) continue;
                    int at = v.lastIndexOf('@');
                    values.add(part(b, at < 0 ? new String[] {v, ""} : new String[] {v.substring(0, at), v.substring(at + 1)}));
                }
                yield match(b, values, strings(p.get(1)), t.line());
            }
            case "exists" -> {
                for (String h : strings(p.get(0))) if (message.values(h).isEmpty()) yield false;
                yield true;
            }
            case "size" -> {
                long limit = ((Num) p.get(0)).value();
                yield b.has("over") ? message.size() > limit : message.size() < limit;
            }
            // RFC 5173 §5: :raw the undecoded body, :content the parts of the named types, :text (the default) the text parts.
            case "body" -> {
                List<String> values = b.has("raw") ? List.of(message.body())
                        : b.has("content") ? message.bodyParts().content(strings(b.tag("content"))) : message.bodyParts().text();
                yield match(b, values, strings(p.get(0)), t.line());
            }
            // RFC 5229 §5: for :count an empty string counts 0, any other 1.
            case "string" -> {
                List<String> values = strings(p.get(0));
                if (b.has("count")) values = values.stream().filter(v -> !v.isEmpty()).toList();
                yield match(b, values, strings(p.get(1)), t.line());
            }
            case "hasflag" -> {
                List<String> have = new ArrayList<>();
                if (p.get(0) == null) {
                    have.addAll(List.of(flags.split(" ")));
                } else {
                    for (String v : strings(p.get(0))) have.addAll(List.of(variables.getOrDefault(v.toLowerCase(Locale.ROOT), "").split(" ")));
                }
                have.removeIf(String::isEmpty);
                List<String> keys = new ArrayList<>();
                for (String k : strings(p.get(1))) for (String f : k.trim().split("\\s+")) if (!f.isEmpty()) keys.add(f);
                yield match(b, have, keys, t.line());
            }
            case "valid_notify_method" -> strings(p.get(0)).stream().allMatch(Notifications::valid);
            case "notify_method_capability" -> {
                String uri = string(p.get(0));
                // RFC 5435 §5: "online" is the one capability defined; mailto cannot know, so "maybe".
                if (!Notifications.valid(uri) || !string(p.get(1)).equalsIgnoreCase("online")) yield false;
                yield match(b, List.of("maybe"), strings(p.get(2)), t.line());
            }
            default -> throw new SieveError(t.line(), "unknown test " + t.name());
        };
    }

    private static List<String[]> addresses(String header) {
        List<String[]> out = new ArrayList<>();
        try {
            for (Mailbox m : DefaultAddressParser.DEFAULT.parseAddressList(header).flatten()) {
                out.add(new String[] {m.getLocalPart(), m.getDomain() == null ? "" : m.getDomain()});
            }
        } catch (org.apache.james.mime4j.field.address.ParseException | RuntimeException e) {
            // RFC 5228 §5.1: a header that is not an address list simply matches nothing.
        }
        return out;
    }

    private static String part(Bound b, String[] address) {
        String part = b.group("part");
        if ("localpart".equals(part)) return address[0];
        if ("domain".equals(part)) return address[1];
        return address[1].isEmpty() ? address[0] : address[0] + "@" + address[1];
    }

    private boolean match(Bound b, List<String> values, List<String> keys, int line) {
        String type = b.group("match") == null ? "is" : b.group("match");
        SieveComparator cmp = b.tag("comparator") instanceof Strings s ? SieveComparator.named(s.values().getFirst()) : SieveComparator.CASEMAP;
        return switch (type) {
            // RFC 5231 §4.2: the number of values, compared with each key by the comparator.
            case "count" -> {
                String relation = string(b.tag("count"));
                String count = String.valueOf(values.size());
                yield keys.stream().anyMatch(key -> holds(relation, cmp.compare(count, key)));
            }
            case "value" -> {
                String relation = string(b.tag("value"));
                yield values.stream().anyMatch(v -> keys.stream().anyMatch(key -> holds(relation, cmp.compare(v, key))));
            }
            case "regex" -> regex(values, keys, cmp, line);
            case "matches" -> {
                for (String key : keys) {
                    Pattern glob = glob(key, cmp == SieveComparator.OCTET);
                    for (String value : values) {
                        Matcher m = glob.matcher(value);
                        if (m.matches()) {
                            List<String> groups = new ArrayList<>();
                            for (int g = 0; g <= Math.min(9, m.groupCount()); g++) groups.add(m.group(g));
                            matched = groups;
                            yield true;
                        }
                    }
                }
                yield false;
            }
            case "contains" -> values.stream().anyMatch(v -> keys.stream().anyMatch(key -> cmp.contains(v, key)));
            default -> values.stream().anyMatch(v -> keys.stream().anyMatch(key -> cmp.equal(v, key)));
        };
    }

    private static boolean holds(String relation, int order) {
        return switch (relation.toLowerCase(Locale.ROOT)) {
            case "gt" -> order > 0;
            case "ge" -> order >= 0;
            case "lt" -> order < 0;
            case "le" -> order <= 0;
            case "eq" -> order == 0;
            default -> order != 0;
        };
    }

    // draft-ietf-sieve-regex-01 §3: a search anywhere in the value; the groups become match variables.
    private boolean regex(List<String> values, List<String> keys, SieveComparator cmp, int line) {
        SieveRegex budget = new SieveRegex();
        try {
            for (String key : keys) {
                Pattern pattern = SieveRegex.compile(key, cmp == SieveComparator.CASEMAP, line);
                for (String value : values) {
                    List<String> groups = budget.find(pattern, value);
                    if (groups != null) {
                        matched = groups;
                        return true;
                    }
                }
            }
        } catch (SieveRegex.Exhausted e) {
            LogKind.MAIL.log("Sieve :regex test at line {} gave up ({}) and counts as false", line, e.getMessage());
        }
        return false;
    }

    // RFC 5228 §2.7.1 wildcards; RFC 5229 §3.2: each wildcard is a match variable, matched as little as possible.
    private static Pattern glob(String key, boolean octet) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length()) re.append(Pattern.quote(String.valueOf(key.charAt(++i))));
            else if (c == '*') re.append("(.*?)");
            else if (c == '?') re.append("(.)");
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL | (octet ? 0 : Pattern.CASE_INSENSITIVE));
    }

    private List<String> strings(Argument a) {
        List<String> out = new ArrayList<>();
        for (String v : ((Strings) a).values()) out.add(expand(v));
        return out;
    }

    private String string(Argument a) {
        return expand(((Strings) a).values().getFirst());
    }

    // RFC 5229 §3: "${name}" and "${digit}" expand; anything else stays as written.
    private String expand(String s) {
        if (!required.contains("variables") || !s.contains("${")) return s;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf("${", i);
            if (start < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, start);
            int end = s.indexOf('}', start + 2);
            String name = end < 0 ? "" : s.substring(start + 2, end);
            if (name.matches("[0-9]{1,3}")) {
                int n = Integer.parseInt(name);
                out.append(n < matched.size() ? matched.get(n) : "");
                i = end + 1;
            } else if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                out.append(variables.getOrDefault(name.toLowerCase(Locale.ROOT), ""));
                i = end + 1;
            } else {
                out.append('$');
                i = start + 1;
            }
            if (out.length() > 4 * MAX_VARIABLE_LENGTH) throw new SieveError(0, "expanded string too long");
        }
        return out.toString();
    }
}
