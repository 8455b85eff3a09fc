package org.switchboard.smtp.sieve;

import java.util.List;

/**
 * The syntax tree of a Sieve script (RFC 5228 §8.2): commands with arguments, tests and blocks.
 * The tree is generic, as the grammar is; {@link SieveValidator} gives the names meaning.
 * Immutable; line numbers point error messages at the script text.
 */
sealed interface SieveAst {
    record Script(List<Command> commands) implements SieveAst {
        public Script { commands = List.copyOf(commands); }
    }

    /** {@code block} is null for a command ended by ";". */
    record Command(String name, List<Argument> args, List<Test> tests, List<Command> block, int line) implements SieveAst {
        public Command {
            args = List.copyOf(args);
            tests = List.copyOf(tests);
            block = block == null ? null : List.copyOf(block);
        }
    }

    record Test(String name, List<Argument> args, List<Test> tests, int line) implements SieveAst {
        public Test {
            args = List.copyOf(args);
            tests = List.copyOf(tests);
        }
    }

    sealed interface Argument extends SieveAst {
        int line();
    }

    /** A tagged argument such as {@code :contains}, name without the colon, lower case. */
    record Tag(String name, int line) implements Argument {}

    record Num(long value, int line) implements Argument {}

    /** A string or a string list; {@code bracketed} tells "[x]" from "x" apart. */
    record Strings(List<String> values, boolean bracketed, int line) implements Argument {
        public Strings { values = List.copyOf(values); }
    }
}
