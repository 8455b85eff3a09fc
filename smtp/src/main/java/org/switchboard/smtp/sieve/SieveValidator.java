package org.switchboard.smtp.sieve;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.switchboard.smtp.sieve.SieveAst.Command;
import org.switchboard.smtp.sieve.SieveAst.Script;
import org.switchboard.smtp.sieve.SieveAst.Strings;
import org.switchboard.smtp.sieve.SieveAst.Test;
import org.switchboard.smtp.sieve.SieveGrammar.Bound;
import org.switchboard.smtp.sieve.SieveGrammar.Spec;

/**
 * Checks a parsed script before it is stored or run: every extension used is required first
 * and supported (RFC 5228 §3.2), commands and tests exist and their arguments fit
 * ({@link SieveGrammar}), if/elsif/else chain properly, comparators are known and support the
 * match type (§2.7.3), relational operators are valid (RFC 5231 §5) and literal :regex keys
 * compile (draft-ietf-sieve-regex-01 §3: an invalid expression is an error at upload).
 * ManageSieve's PUTSCRIPT and CHECKSCRIPT answer NO with its message. Pure and stateless.
 */
final class SieveValidator {
    static final List<String> EXTENSIONS = List.of("fileinto", "reject", "ereject", "envelope", "body", "vacation", "copy",
            "imap4flags", "variables", "enotify", "mime", "relational", "regex", "comparator-i;ascii-numeric",
            "comparator-i;octet", "comparator-i;ascii-casemap");
    /** RFC 5231 §5 relational operators. */
    static final List<String> RELATIONS = List.of("gt", "ge", "lt", "le", "eq", "ne");

    private SieveValidator() {}

    /** Parses and checks; @throws SieveError naming the line of the first problem */
    static Script compile(String text) {
        Script script = SieveParser.parse(text);
        Set<String> required = new HashSet<>();
        boolean requiresAllowed = true;
        for (Command c : script.commands()) {
            if (c.name().equals("require")) {
                if (!requiresAllowed) throw new SieveError(c.line(), "require must come before other commands");
                Bound b = SieveGrammar.bind(SieveGrammar.command("require"), c.args(), c.line(), x -> { });
                for (String ext : ((Strings) b.positional().getFirst()).values()) {
                    if (!EXTENSIONS.contains(ext)) throw new SieveError(c.line(), "unsupported extension \"" + ext + "\"");
                    required.add(ext);
                }
            } else {
                requiresAllowed = false;
            }
        }
        block(script.commands(), required, true);
        return script;
    }

    private static void block(List<Command> commands, Set<String> required, boolean top) {
        String previous = null;
        for (Command c : commands) {
            if (c.name().equals("require") && !top) throw new SieveError(c.line(), "require is only allowed at the start of the script");
            Spec spec = SieveGrammar.command(c.name());
            if (spec == null) throw new SieveError(c.line(), "unknown command \"" + c.name() + "\"");
            need(spec.extension(), required, c.line(), c.name());
            if ((c.name().equals("elsif") || c.name().equals("else")) && !("if".equals(previous) || "elsif".equals(previous))) {
                throw new SieveError(c.line(), c.name() + " without a preceding if");
            }
            Bound b = SieveGrammar.bind(spec, c.args(), c.line(), ext -> need(ext, required, c.line(), c.name()));
            tests(spec, c.tests(), c.line(), c.name(), required);
            if (spec.block() && c.block() == null) throw new SieveError(c.line(), c.name() + " needs a block");
            if (!spec.block() && c.block() != null) throw new SieveError(c.line(), c.name() + " takes no block");
            if (c.name().equals("set")) {
                String name = ((Strings) b.positional().getFirst()).values().getFirst();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) throw new SieveError(c.line(), "invalid variable name \"" + name + "\"");
            }
            // RFC 5232 §3: naming a variable for the flags needs the variables extension.
            if (c.name().endsWith("flag") && b.positional().getFirst() != null) need("variables", required, c.line(), c.name() + " with a variable");
            if (c.block() != null) block(c.block(), required, false);
            previous = c.name();
        }
    }

    private static void tests(Spec spec, List<Test> tests, int line, String owner, Set<String> required) {
        switch (spec.tests()) {
            case NONE -> {
                if (!tests.isEmpty()) throw new SieveError(line, owner + " takes no test");
            }
            case ONE -> {
                if (tests.size() != 1) throw new SieveError(line, owner + " needs exactly one test");
            }
            case LIST -> {
                if (tests.isEmpty()) throw new SieveError(line, owner + " needs a test list");
            }
        }
        for (Test t : tests) test(t, required);
    }

    private static void test(Test t, Set<String> required) {
        Spec spec = SieveGrammar.test(t.name());
        if (spec == null) throw new SieveError(t.line(), "unknown test \"" + t.name() + "\"");
        need(spec.extension(), required, t.line(), t.name());
        Bound b = SieveGrammar.bind(spec, t.args(), t.line(), ext -> need(ext, required, t.line(), t.name()));
        SieveComparator comparator = SieveComparator.CASEMAP;
        if (b.tag("comparator") instanceof Strings s) {
            String cmp = s.values().getFirst();
            comparator = SieveComparator.named(cmp);
            if (comparator == null) throw new SieveError(t.line(), "unknown comparator \"" + cmp + "\"");
            // RFC 5228 §2.7.3: the two comparators every implementation has need no require.
            if (comparator == SieveComparator.NUMERIC) need("comparator-" + comparator.comparatorName(), required, t.line(), "comparator " + cmp);
        }
        matchType(t, b, comparator, required);
        if (t.name().equals("hasflag") && b.positional().getFirst() != null) need("variables", required, t.line(), "hasflag with variables");
        if (t.name().equals("size") && b.group("size") == null) throw new SieveError(t.line(), "size needs :over or :under");
        if (b.has("anychild") && !b.has("mime")) throw new SieveError(t.line(), ":anychild needs :mime");
        tests(spec, t.tests(), t.line(), t.name(), required);
    }

    private static void matchType(Test t, Bound b, SieveComparator comparator, Set<String> required) {
        String type = b.group("match");
        if (type == null) return;
        if (!comparator.substrings() && List.of("contains", "matches", "regex").contains(type)) {
            throw new SieveError(t.line(), "comparator " + comparator.comparatorName() + " cannot be used with :" + type);
        }
        if ((type.equals("count") || type.equals("value")) && b.tag(type) instanceof Strings relation
                && !RELATIONS.contains(relation.values().getFirst().toLowerCase(java.util.Locale.ROOT))) {
            throw new SieveError(t.line(), ":" + type + " needs one of " + String.join(", ", RELATIONS) + ", not \"" + relation.values().getFirst() + "\"");
        }
        if (type.equals("regex")) {
            Strings keys = (Strings) b.positional().getLast();
            for (String key : keys.values()) {
                // Keys with variables are only known when the script runs (draft-ietf-sieve-regex-01 §3).
                if (required.contains("variables") && key.contains("${")) continue;
                SieveRegex.compile(key, comparator == SieveComparator.CASEMAP, keys.line());
            }
        }
    }

    private static void need(String extension, Set<String> required, int line, String what) {
        if (extension != null && !required.contains(extension)) {
            throw new SieveError(line, what + " needs require \"" + extension + "\"");
        }
    }
}
