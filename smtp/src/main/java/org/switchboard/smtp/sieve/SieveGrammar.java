package org.switchboard.smtp.sieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.smtp.sieve.SieveAst.Argument;
import org.switchboard.smtp.sieve.SieveAst.Num;
import org.switchboard.smtp.sieve.SieveAst.Strings;
import org.switchboard.smtp.sieve.SieveAst.Tag;

/**
 * What every command and test we know takes: its extension, tagged arguments (RFC 5228 §2.6.2,
 * with the exclusive groups MATCH-TYPE, COMPARATOR and ADDRESS-PART), positional arguments and
 * tests. {@link #bind} checks one use against its shape; the validator and the interpreter share
 * it, so what was accepted at upload is exactly what runs. Immutable tables.
 */
final class SieveGrammar {
    enum Kind { STRING, STRINGS, NUMBER }

    enum Tests { NONE, ONE, LIST }

    /** {@code value} null: the tag stands alone. */
    record TagSpec(String name, Kind value, String group, String extension) {}

    /** The first {@code optionalLeading} positionals may be left out (setflag's variable name). */
    record Spec(String name, String extension, List<TagSpec> tags, List<Kind> positional, int optionalLeading, Tests tests, boolean block) {}

    /** One use, bound: tags by name (the tag itself or its value), the tag chosen per group, positionals in order. */
    record Bound(Map<String, Argument> tags, Map<String, String> groups, List<Argument> positional) {
        boolean has(String tag) { return tags.containsKey(tag); }

        String group(String group) { return groups.get(group); }

        Argument tag(String tag) { return tags.get(tag); }
    }

    /** RFC 5228 §2.7.1 match types, RFC 5231 :count and :value, draft-ietf-sieve-regex :regex, and :comparator. */
    private static final List<TagSpec> MATCH = List.of(
            new TagSpec("is", null, "match", null), new TagSpec("contains", null, "match", null),
            new TagSpec("matches", null, "match", null), new TagSpec("count", Kind.STRING, "match", "relational"),
            new TagSpec("value", Kind.STRING, "match", "relational"), new TagSpec("regex", null, "match", "regex"),
            new TagSpec("comparator", Kind.STRING, "comparator", null));
    private static final List<TagSpec> ADDRESS_PART = List.of(
            new TagSpec("all", null, "part", null), new TagSpec("localpart", null, "part", null), new TagSpec("domain", null, "part", null));
    private static final Map<String, Spec> COMMANDS = new HashMap<>();
    private static final Map<String, Spec> TESTS = new HashMap<>();

    static {
        List<Kind> none = List.of();
        command("require", null, List.of(), List.of(Kind.STRINGS), 0, Tests.NONE, false);
        command("if", null, List.of(), none, 0, Tests.ONE, true);
        command("elsif", null, List.of(), none, 0, Tests.ONE, true);
        command("else", null, List.of(), none, 0, Tests.NONE, true);
        command("stop", null, List.of(), none, 0, Tests.NONE, false);
        command("discard", null, List.of(), none, 0, Tests.NONE, false);
        TagSpec flags = new TagSpec("flags", Kind.STRINGS, "flags", "imap4flags");
        TagSpec copy = new TagSpec("copy", null, "copy", "copy");
        command("keep", null, List.of(flags), none, 0, Tests.NONE, false);
        command("fileinto", "fileinto", List.of(flags, copy), List.of(Kind.STRING), 0, Tests.NONE, false);
        command("redirect", null, List.of(copy), List.of(Kind.STRING), 0, Tests.NONE, false);
        command("reject", "reject", List.of(), List.of(Kind.STRING), 0, Tests.NONE, false);
        command("ereject", "ereject", List.of(), List.of(Kind.STRING), 0, Tests.NONE, false);
        command("set", "variables", List.of(
                new TagSpec("lower", null, "mod40", null), new TagSpec("upper", null, "mod40", null),
                new TagSpec("lowerfirst", null, "mod30", null), new TagSpec("upperfirst", null, "mod30", null),
                new TagSpec("quotewildcard", null, "mod20", null), new TagSpec("length", null, "mod10", null)),
                List.of(Kind.STRING, Kind.STRING), 0, Tests.NONE, false);
        for (String f : List.of("setflag", "addflag", "removeflag")) {
            command(f, "imap4flags", List.of(), List.of(Kind.STRING, Kind.STRINGS), 1, Tests.NONE, false);
        }
        command("vacation", "vacation", List.of(
                new TagSpec("days", Kind.NUMBER, "days", null), new TagSpec("subject", Kind.STRING, "subject", null),
                new TagSpec("from", Kind.STRING, "from", null), new TagSpec("addresses", Kind.STRINGS, "addresses", null),
                new TagSpec("mime", null, "mimeflag", null), new TagSpec("handle", Kind.STRING, "handle", null)),
                List.of(Kind.STRING), 0, Tests.NONE, false);
        command("notify", "enotify", List.of(
                new TagSpec("from", Kind.STRING, "from", null), new TagSpec("importance", Kind.STRING, "importance", null),
                new TagSpec("options", Kind.STRINGS, "options", null), new TagSpec("message", Kind.STRING, "message", null)),
                List.of(Kind.STRING), 0, Tests.NONE, false);

        List<TagSpec> header = new ArrayList<>(MATCH);
        header.add(new TagSpec("mime", null, "mime", "mime"));
        header.add(new TagSpec("anychild", null, "anychild", "mime"));
        test("header", null, header, List.of(Kind.STRINGS, Kind.STRINGS), 0, Tests.NONE);
        List<TagSpec> address = new ArrayList<>(MATCH);
        address.addAll(ADDRESS_PART);
        test("address", null, address, List.of(Kind.STRINGS, Kind.STRINGS), 0, Tests.NONE);
        test("envelope", "envelope", address, List.of(Kind.STRINGS, Kind.STRINGS), 0, Tests.NONE);
        test("exists", null, List.of(), List.of(Kind.STRINGS), 0, Tests.NONE);
        test("size", null, List.of(new TagSpec("over", null, "size", null), new TagSpec("under", null, "size", null)),
                List.of(Kind.NUMBER), 0, Tests.NONE);
        List<TagSpec> body = new ArrayList<>(MATCH);
        body.add(new TagSpec("raw", null, "transform", null));
        body.add(new TagSpec("text", null, "transform", null));
        body.add(new TagSpec("content", Kind.STRINGS, "transform", null));
        test("body", "body", body, List.of(Kind.STRINGS), 0, Tests.NONE);
        test("string", "variables", MATCH, List.of(Kind.STRINGS, Kind.STRINGS), 0, Tests.NONE);
        test("hasflag", "imap4flags", MATCH, List.of(Kind.STRINGS, Kind.STRINGS), 1, Tests.NONE);
        test("valid_notify_method", "enotify", List.of(), List.of(Kind.STRINGS), 0, Tests.NONE);
        test("notify_method_capability", "enotify", MATCH, List.of(Kind.STRING, Kind.STRING, Kind.STRINGS), 0, Tests.NONE);
        test("true", null, List.of(), List.of(), 0, Tests.NONE);
        test("false", null, List.of(), List.of(), 0, Tests.NONE);
        test("not", null, List.of(), List.of(), 0, Tests.ONE);
        test("allof", null, List.of(), List.of(), 0, Tests.LIST);
        test("anyof", null, List.of(), List.of(), 0, Tests.LIST);
    }

    private SieveGrammar() {}

    private static void command(String name, String ext, List<TagSpec> tags, List<Kind> pos, int optional, Tests tests, boolean block) {
        COMMANDS.put(name, new Spec(name, ext, tags, pos, optional, tests, block));
    }

    private static void test(String name, String ext, List<TagSpec> tags, List<Kind> pos, int optional, Tests tests) {
        TESTS.put(name, new Spec(name, ext, tags, pos, optional, tests, false));
    }

    static Spec command(String name) { return COMMANDS.get(name); }

    static Spec test(String name) { return TESTS.get(name); }

    /** @throws SieveError when the arguments do not fit the spec; {@code required} reports extensions used */
    static Bound bind(Spec spec, List<Argument> args, int line, java.util.function.Consumer<String> required) {
        Map<String, Argument> tags = new HashMap<>();
        Map<String, String> groups = new HashMap<>();
        List<Argument> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Argument a = args.get(i);
            if (a instanceof Tag t) {
                if (!positional.isEmpty()) throw new SieveError(t.line(), "tagged argument :" + t.name() + " must come before the others of " + spec.name());
                TagSpec ts = spec.tags().stream().filter(x -> x.name().equals(t.name())).findFirst()
                        .orElseThrow(() -> new SieveError(t.line(), spec.name() + " does not take :" + t.name()));
                String other = groups.put(ts.group(), ts.name());
                if (other != null) {
                    throw new SieveError(t.line(), other.equals(ts.name()) ? ":" + ts.name() + " given twice" : ":" + other + " and :" + ts.name() + " cannot be combined");
                }
                if (ts.extension() != null) required.accept(ts.extension());
                if (ts.value() == null) {
                    tags.put(ts.name(), t);
                } else {
                    if (i + 1 >= args.size() || args.get(i + 1) instanceof Tag) throw new SieveError(t.line(), ":" + ts.name() + " needs a value");
                    Argument v = args.get(++i);
                    check(ts.value(), v, ":" + ts.name() + " of " + spec.name());
                    tags.put(ts.name(), v);
                }
            } else {
                positional.add(a);
            }
        }
        int max = spec.positional().size();
        int min = max - spec.optionalLeading();
        if (positional.size() < min || positional.size() > max) {
            throw new SieveError(line, spec.name() + " takes " + (min == max ? String.valueOf(max) : min + " or " + max)
                    + " positional argument" + (max == 1 ? "" : "s") + ", not " + positional.size());
        }
        int skip = max - positional.size();
        for (int i = 0; i < positional.size(); i++) check(spec.positional().get(i + skip), positional.get(i), spec.name());
        List<Argument> padded = new ArrayList<>();
        for (int i = 0; i < skip; i++) padded.add(null);
        padded.addAll(positional);
        return new Bound(tags, groups, padded);
    }

    private static void check(Kind kind, Argument a, String where) {
        boolean ok = switch (kind) {
            case NUMBER -> a instanceof Num;
            case STRINGS -> a instanceof Strings;
            case STRING -> a instanceof Strings s && !s.bracketed() || a instanceof Strings s2 && s2.values().size() == 1;
        };
        if (!ok) throw new SieveError(a.line(), where + " expects " + switch (kind) {
            case NUMBER -> "a number";
            case STRINGS -> "a string list";
            case STRING -> "a string";
        });
    }
}
