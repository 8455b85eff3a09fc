package org.switchboard.app.cli;

import java.io.Console;
import java.net.URI;
import java.util.Arrays;

/**
 * Where passwords come from: the administrator's from $SWITCHBOARD_ADMIN_PASSWORD or the
 * terminal; a new password from its option or typed twice at the terminal. Never echoed.
 */
final class Passwords {
    static final String ADMIN_PASSWORD_ENV = "SWITCHBOARD_ADMIN_PASSWORD";

    private Passwords() {}

    static String adminPassword(String user, URI server) {
        String env = System.getenv(ADMIN_PASSWORD_ENV);
        if (env != null && !env.isEmpty()) return env;
        Console console = System.console();
        if (console == null) {
            throw CliFailure.usage("no password for " + user + ": set " + ADMIN_PASSWORD_ENV + " or run in a terminal to be asked");
        }
        char[] typed = console.readPassword("Password for %s at %s: ", user, server);
        if (typed == null) throw CliFailure.usage("no password given");
        String password = new String(typed);
        Arrays.fill(typed, ' ');
        return password;
    }

    /** The given value, else asked twice; {@code option} names the option to use where no terminal is available. */
    static String newPassword(String given, String whose, String option) {
        if (given != null) return given;
        Console console = System.console();
        if (console == null) throw CliFailure.usage("no terminal to ask for the new password of " + whose + ": give " + option);
        char[] first = console.readPassword("New password for %s: ", whose);
        char[] second = first == null ? null : console.readPassword("Type it again: ");
        try {
            if (first == null || second == null || first.length == 0) throw CliFailure.usage("no password given");
            if (!Arrays.equals(first, second)) throw CliFailure.usage("the two passwords differ; nothing was changed");
            return new String(first);
        } finally {
            if (first != null) Arrays.fill(first, ' ');
            if (second != null) Arrays.fill(second, ' ');
        }
    }
}
