package org.switchboard.pop3.codec;

import java.util.Locale;

/**
 * Parses one POP3 command line (without CRLF). Pure: no I/O. Keywords are case-insensitive
 * (RFC 1939 §3); arguments are separated by single spaces and at most 40 characters each,
 * except PASS, whose argument is the rest of the line (passwords may contain spaces).
 */
public final class Pop3Parser {
    /** RFC 2449 §4: command lines are at most 255 octets including CRLF. */
    public static final int MAX_LINE = 255;
    public static final int MAX_ARGUMENT = 40;

    private Pop3Parser() {}

    public static Pop3Command parse(String line) throws Pop3SyntaxException {
        if (line.length() > MAX_LINE - 2) throw new Pop3SyntaxException("line too long");
        int sp = line.indexOf(' ');
        String keyword = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : line.substring(sp + 1);
        if (keyword.equals("PASS")) {
            if (rest.isEmpty()) throw new Pop3SyntaxException("PASS needs a password");
            return new Pop3Command.Pass(rest);
        }
        String[] args = rest.isEmpty() ? new String[0] : rest.split(" ", -1);
        for (String a : args) {
            if (a.isEmpty()) throw new Pop3SyntaxException("arguments are separated by single spaces");
            if (a.length() > MAX_ARGUMENT) throw new Pop3SyntaxException("argument longer than " + MAX_ARGUMENT + " characters");
        }
        return switch (keyword) {
            case "USER" -> new Pop3Command.User(one(args, "USER needs a name"));
            case "AUTH" -> {
                if (args.length == 0 || args.length > 2) throw new Pop3SyntaxException("AUTH needs a mechanism");
                yield new Pop3Command.Auth(args[0].toUpperCase(Locale.ROOT), args.length == 2 ? args[1] : null);
            }
            case "APOP" -> {
                if (args.length != 2) throw new Pop3SyntaxException("APOP needs a name and a digest");
                yield new Pop3Command.Apop(args[0], args[1]);
            }
            case "CAPA" -> none(args, new Pop3Command.Capa());
            case "STLS" -> none(args, new Pop3Command.Stls());
            case "STAT" -> none(args, new Pop3Command.Stat());
            case "NOOP" -> none(args, new Pop3Command.Noop());
            case "RSET" -> none(args, new Pop3Command.Rset());
            case "QUIT" -> none(args, new Pop3Command.Quit());
            case "LIST" -> new Pop3Command.List(optionalNumber(args));
            case "UIDL" -> new Pop3Command.Uidl(optionalNumber(args));
            case "RETR" -> new Pop3Command.Retr(number(one(args, "RETR needs a message number")));
            case "DELE" -> new Pop3Command.Dele(number(one(args, "DELE needs a message number")));
            case "TOP" -> {
                if (args.length != 2) throw new Pop3SyntaxException("TOP needs a message number and a line count");
                int n = number(args[1]);
                yield new Pop3Command.Top(number(args[0]), n);
            }
            default -> throw new Pop3SyntaxException("unknown command");
        };
    }

    private static String one(String[] args, String message) throws Pop3SyntaxException {
        if (args.length != 1) throw new Pop3SyntaxException(message);
        return args[0];
    }

    private static Pop3Command none(String[] args, Pop3Command c) throws Pop3SyntaxException {
        if (args.length != 0) throw new Pop3SyntaxException("this command takes no arguments");
        return c;
    }

    private static Integer optionalNumber(String[] args) throws Pop3SyntaxException {
        if (args.length == 0) return null;
        if (args.length > 1) throw new Pop3SyntaxException("at most one message number");
        return number(args[0]);
    }

    private static int number(String s) throws Pop3SyntaxException {
        if (!s.matches("[0-9]{1,9}")) throw new Pop3SyntaxException("'" + s + "' is not a number");
        return Integer.parseInt(s);
    }
}
