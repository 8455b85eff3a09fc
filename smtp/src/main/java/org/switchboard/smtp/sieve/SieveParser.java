package org.switchboard.smtp.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.switchboard.smtp.sieve.SieveAst.Argument;
import org.switchboard.smtp.sieve.SieveAst.Command;
import org.switchboard.smtp.sieve.SieveAst.Num;
import org.switchboard.smtp.sieve.SieveAst.Script;
import org.switchboard.smtp.sieve.SieveAst.Strings;
import org.switchboard.smtp.sieve.SieveAst.Tag;
import org.switchboard.smtp.sieve.SieveAst.Test;

/**
 * Lexer and recursive-descent parser for the Sieve grammar (RFC 5228 §8.1 lexical tokens, §8.2
 * grammar) producing {@link SieveAst}. Pure; bounded by script length, block and test nesting,
 * list length and node count, so a hostile script costs little. One instance per parse.
 */
final class SieveParser {
    static final int MAX_CHARS = 256 * 1024;
    static final int MAX_DEPTH = 32;
    static final int MAX_LIST = 1024;
    static final int MAX_NODES = 10_000;

    private final String s;
    private int pos;
    private int line = 1;
    private int depth;
    private int nodes;

    private SieveParser(String text) {
        this.s = text;
    }

    /** @throws SieveError with the line of the first syntax error */
    static Script parse(String text) {
        if (text.length() > MAX_CHARS) throw new SieveError(0, "script longer than " + MAX_CHARS + " characters");
        SieveParser p = new SieveParser(text);
        List<Command> commands = p.commands(false);
        return new Script(commands);
    }

    private List<Command> commands(boolean inBlock) {
        List<Command> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= s.length()) {
                if (inBlock) throw error("missing \"}\" at the end of the script");
                return out;
            }
            if (s.charAt(pos) == '}') {
                if (!inBlock) throw error("\"}\" without a matching \"{\"");
                pos++;
                return out;
            }
            out.add(command());
        }
    }

    private Command command() {
        int at = line;
        String name = identifier("a command");
        count();
        List<Argument> args = new ArrayList<>();
        List<Test> tests = arguments(args);
        skipSpace();
        if (pos >= s.length()) throw error("missing \";\" after " + name);
        char c = s.charAt(pos);
        if (c == ';') {
            pos++;
            return new Command(name, args, tests, null, at);
        }
        if (c == '{') {
            pos++;
            nest();
            List<Command> block = commands(true);
            depth--;
            return new Command(name, args, tests, block, at);
        }
        throw error("expected \";\" or \"{\" after " + name + ", found " + describe(c));
    }

    /** Reads arguments into {@code args}; returns the test or test list that may follow. */
    private List<Test> arguments(List<Argument> args) {
        while (true) {
            skipSpace();
            if (pos >= s.length()) return List.of();
            char c = s.charAt(pos);
            if (c == ':') {
                int at = line;
                pos++;
                args.add(new Tag(identifier("a tag").toLowerCase(Locale.ROOT), at));
            } else if (c >= '0' && c <= '9') {
                args.add(number());
            } else if (c == '"' || c == '[' || startsMultiLine()) {
                args.add(stringList());
            } else if (c == '(') {
                pos++;
                nest();
                List<Test> tests = new ArrayList<>();
                do {
                    tests.add(test());
                    skipSpace();
                } while (accept(','));
                if (!accept(')')) throw error("expected \",\" or \")\" in a test list");
                depth--;
                return tests;
            } else if (isIdentStart(c)) {
                nest();
                Test t = test();
                depth--;
                return List.of(t);
            } else {
                return List.of();
            }
            count();
        }
    }

    private Test test() {
        skipSpace();
        int at = line;
        String name = identifier("a test");
        count();
        List<Argument> args = new ArrayList<>();
        List<Test> tests = arguments(args);
        return new Test(name, args, tests, at);
    }

    private Num number() {
        int at = line;
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) pos++;
        if (pos - start > 12) throw error("number too large");
        long v = Long.parseLong(s.substring(start, pos));
        if (pos < s.length()) {
            // RFC 5228 §2.4.1: K, M and G are powers of two.
            switch (Character.toUpperCase(s.charAt(pos))) {
                case 'K' -> { v <<= 10; pos++; }
                case 'M' -> { v <<= 20; pos++; }
                case 'G' -> { v <<= 30; pos++; }
                default -> { }
            }
        }
        return new Num(v, at);
    }

    private Strings stringList() {
        int at = line;
        if (!accept('[')) return new Strings(List.of(string()), false, at);
        List<String> values = new ArrayList<>();
        do {
            skipSpace();
            values.add(string());
            if (values.size() > MAX_LIST) throw error("string list longer than " + MAX_LIST);
            skipSpace();
        } while (accept(','));
        if (!accept(']')) throw error("expected \",\" or \"]\" in a string list");
        return new Strings(values, true, at);
    }

    private String string() {
        if (pos < s.length() && s.charAt(pos) == '"') return quoted();
        if (startsMultiLine()) return multiLine();
        throw error("expected a string");
    }

    private String quoted() {
        int startLine = line;
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') return b.toString();
            if (c == '\\') {
                if (pos >= s.length()) break;
                // RFC 5228 §2.4.2: "\\" and "\"" stand for themselves; any other escaped character is itself.
                c = s.charAt(pos++);
            }
            if (c == '\n') line++;
            b.append(c);
        }
        line = startLine;
        throw error("unterminated string");
    }

    private boolean startsMultiLine() {
        return s.regionMatches(true, pos, "text:", 0, 5);
    }

    private String multiLine() {
        int startLine = line;
        pos += 5;
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
        if (pos < s.length() && s.charAt(pos) == '#') {
            while (pos < s.length() && s.charAt(pos) != '\n') pos++;
        } else if (pos < s.length() && s.charAt(pos) == '\r') {
            pos++;
        }
        if (pos >= s.length() || s.charAt(pos) != '\n') throw error("\"text:\" must end its line");
        pos++;
        line++;
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            int eol = s.indexOf('\n', pos);
            int end = eol < 0 ? s.length() : eol;
            String l = s.substring(pos, end);
            if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
            pos = eol < 0 ? s.length() : eol + 1;
            line++;
            if (l.equals(".")) return b.toString();
            // RFC 5228 §2.4.2: a leading dot is doubled in the script and undoubled here.
            b.append(l.startsWith("..") ? l.substring(1) : l).append("\r\n");
        }
        line = startLine;
        throw error("multi-line string without its closing \".\" line");
    }

    private String identifier(String what) {
        skipSpace();
        int start = pos;
        if (pos >= s.length() || !isIdentStart(s.charAt(pos))) {
            throw error("expected " + what + (pos >= s.length() ? " at the end of the script" : ", found " + describe(s.charAt(pos))));
        }
        while (pos < s.length() && (isIdentStart(s.charAt(pos)) || (s.charAt(pos) >= '0' && s.charAt(pos) <= '9'))) pos++;
        return s.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') pos++;
            } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '*') {
                int end = s.indexOf("*/", pos + 2);
                if (end < 0) throw error("unterminated comment");
                for (int i = pos; i < end; i++) if (s.charAt(i) == '\n') line++;
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private boolean accept(char c) {
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void nest() {
        if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    }

    private void count() {
        if (++nodes > MAX_NODES) throw error("script has more than " + MAX_NODES + " elements");
    }

    private static String describe(char c) {
        return c < 0x20 ? String.format("character 0x%02x", (int) c) : "\"" + c + "\"";
    }

    private SieveError error(String message) {
        return new SieveError(line, message);
    }
}
