package org.switchboard.smtp.managesieve;

import java.util.List;

/** One ManageSieve command (RFC 5804 §2): the upper-cased command name and its string/number arguments. */
record SieveCommand(String name, List<String> args) {
    SieveCommand {
        args = List.copyOf(args);
    }

    String arg(int i) { return i < args.size() ? args.get(i) : null; }

    @Override
    public String toString() {
        // Scripts and SASL data stay out of logs.
        return name + "(" + args.size() + " args)";
    }
}
