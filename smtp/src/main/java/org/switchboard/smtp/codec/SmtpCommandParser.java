package org.switchboard.smtp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Parses one SMTP command line (without its CRLF) into an {@link SmtpCommand}. Pure and stateless
 * apart from its limits, so it is shared by all sessions. Grammar: RFC 5321 §4.1.1-§4.1.3 with
 * the parameters of RFC 1870, 6152, 3030, 6531, 3461 and 4954. Refusals carry the reply to send:
 * 500 for an unknown verb or an unusable line, 501 for bad arguments, 555 for unknown parameters.
 */
public final class SmtpCommandParser {
    private static final int MAX_ENVID = 100;   // RFC 3461 §4.4
    private static final int MAX_LOCAL_PART = 64;   // RFC 5321 §4.5.3.1.1
    private static final int MAX_DOMAIN = 255;   // RFC 5321 §4.5.3.1.2

    private final SmtpLimits limits;

    public SmtpCommandParser(SmtpLimits limits) {
        this.limits = limits;
    }

    public SmtpCommand parse(byte[] line) throws SmtpSyntaxException {
        String text = decode(line);
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space + 1);
        int max = verb.equals("AUTH") ? limits.maxAuthLine() : limits.maxCommandLine();
        if (line.length > max) throw new SmtpSyntaxException(500, "5.5.2", "Line too long");
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Ehlo(domainArgument(args, "EHLO"), true);
            case "HELO" -> new SmtpCommand.Ehlo(domainArgument(args, "HELO"), false);
            case "MAIL" -> mailFrom(args);
            case "RCPT" -> rcptTo(args);
            case "DATA" -> { noArguments(args, verb); yield new SmtpCommand.Data(); }
            case "BDAT" -> bdat(args);
            case "RSET" -> { noArguments(args, verb); yield new SmtpCommand.Rset(); }
            // RFC 5321 §4.1.1.9: NOOP may carry a string, which is ignored.
            case "NOOP" -> new SmtpCommand.Noop();
            case "QUIT" -> { noArguments(args, verb); yield new SmtpCommand.Quit(); }
            case "VRFY" -> new SmtpCommand.Vrfy(required(args, "VRFY needs an argument"));
            case "EXPN" -> new SmtpCommand.Expn(required(args, "EXPN needs an argument"));
            case "HELP" -> new SmtpCommand.Help(args.strip());
            case "STARTTLS" -> { noArguments(args, verb); yield new SmtpCommand.StartTls(); }
            case "AUTH" -> auth(args);
            case "ETRN" -> new SmtpCommand.Etrn(required(args, "ETRN needs a domain"));
            default -> throw new SmtpSyntaxException(500, "5.5.1", "Command unrecognized");
        };
    }

    /** Strict UTF-8 (ASCII is a subset); NUL and other controls but TAB have no place in a command. */
    private static String decode(byte[] line) throws SmtpSyntaxException {
        for (byte b : line) {
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                throw new SmtpSyntaxException(500, "5.5.2", "Control characters are not allowed in commands");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new SmtpSyntaxException(500, "5.5.2", "Command is not valid UTF-8");
        }
    }

    private static void noArguments(String args, String verb) throws SmtpSyntaxException {
        if (!args.isBlank()) throw new SmtpSyntaxException(501, "5.5.4", verb + " takes no arguments");
    }

    private static String required(String args, String message) throws SmtpSyntaxException {
        String a = args.strip();
        if (a.isEmpty()) throw new SmtpSyntaxException(501, "5.5.4", message);
        return a;
    }

    /** RFC 5321 §4.1.1.1: a domain or an address literal; anything without spaces is taken (RFC 5321 §4.1.4 says do not refuse on a mismatch). */
    private static String domainArgument(String args, String verb) throws SmtpSyntaxException {
        String d = args.strip();
        if (d.isEmpty()) throw new SmtpSyntaxException(501, "5.5.4", verb + " needs your domain name");
        if (d.indexOf(' ') >= 0 || d.indexOf('\t') >= 0 || d.length() > MAX_DOMAIN) {
            throw new SmtpSyntaxException(501, "5.5.4", "Invalid domain name");
        }
        return d;
    }

    private static SmtpCommand bdat(String args) throws SmtpSyntaxException {
        String[] p = args.strip().split(" +");
        if (p.length < 1 || p.length > 2 || p[0].isEmpty() || !p[0].chars().allMatch(Character::isDigit) || p[0].length() > 18) {
            throw new SmtpSyntaxException(501, "5.5.4", "Syntax: BDAT <size> [LAST]");
        }
        if (p.length == 2 && !p[1].equalsIgnoreCase("LAST")) throw new SmtpSyntaxException(501, "5.5.4", "Syntax: BDAT <size> [LAST]");
        return new SmtpCommand.Bdat(Long.parseLong(p[0]), p.length == 2);
    }

    private static SmtpCommand auth(String args) throws SmtpSyntaxException {
        String[] p = args.strip().split(" +");
        if (p[0].isEmpty() || p.length > 2) throw new SmtpSyntaxException(501, "5.5.4", "Syntax: AUTH <mechanism> [initial-response]");
        String mechanism = p[0].toUpperCase(Locale.ROOT);
        if (!mechanism.matches("[A-Z0-9_-]{1,20}")) throw new SmtpSyntaxException(501, "5.5.4", "Invalid SASL mechanism name");
        return new SmtpCommand.Auth(mechanism, p.length == 2 ? p[1] : null);
    }

    // ------------------------------------------------------------------ MAIL / RCPT

    private SmtpCommand mailFrom(String args) throws SmtpSyntaxException {
        String rest = afterKeyword(args, "FROM:", "Syntax: MAIL FROM:<address> [parameters]");
        Cursor c = new Cursor(rest);
        MailAddress from = path(c, true);
        long size = -1;
        SmtpCommand.Body body = SmtpCommand.Body.SEVEN_BIT;
        boolean utf8 = false;
        SmtpCommand.Ret ret = null;
        String envId = null;
        String auth = null;
        Set<String> seen = new HashSet<>();
        for (String[] param : parameters(c)) {
            String key = param[0];
            String value = param[1];
            if (!seen.add(key)) throw new SmtpSyntaxException(501, "5.5.4", "Parameter " + key + " given twice");
            switch (key) {
                case "SIZE" -> {
                    if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
                        throw new SmtpSyntaxException(501, "5.5.4", "SIZE needs a number of octets");
                    }
                    size = Long.parseLong(value);
                }
                case "BODY" -> body = switch (value == null ? "" : value.toUpperCase(Locale.ROOT)) {
                    case "7BIT" -> SmtpCommand.Body.SEVEN_BIT;
                    case "8BITMIME" -> SmtpCommand.Body.EIGHT_BIT_MIME;
                    case "BINARYMIME" -> SmtpCommand.Body.BINARY_MIME;
                    default -> throw new SmtpSyntaxException(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
                };
                case "SMTPUTF8" -> {
                    if (value != null) throw new SmtpSyntaxException(501, "5.5.4", "SMTPUTF8 takes no value");
                    utf8 = true;
                }
                case "RET" -> ret = switch (value == null ? "" : value.toUpperCase(Locale.ROOT)) {
                    case "FULL" -> SmtpCommand.Ret.FULL;
                    case "HDRS" -> SmtpCommand.Ret.HDRS;
                    default -> throw new SmtpSyntaxException(501, "5.5.4", "RET must be FULL or HDRS");
                };
                case "ENVID" -> {
                    envId = xtext(value, "ENVID");
                    if (envId.length() > MAX_ENVID) throw new SmtpSyntaxException(501, "5.5.4", "ENVID longer than 100 characters");
                }
                case "AUTH" -> {
                    String v = xtext(value, "AUTH");
                    auth = v.equals("<>") ? "" : v;
                }
                default -> throw new SmtpSyntaxException(555, "5.5.4", "Unsupported parameter " + key);
            }
        }
        return new SmtpCommand.MailFrom(from, size, body, utf8, ret, envId, auth);
    }

    private SmtpCommand rcptTo(String args) throws SmtpSyntaxException {
        String rest = afterKeyword(args, "TO:", "Syntax: RCPT TO:<address> [parameters]");
        Cursor c = new Cursor(rest);
        boolean postmaster = false;
        MailAddress to;
        // RFC 5321 §4.1.1.3: "<Postmaster>" without a domain must be accepted.
        if (c.rest().regionMatches(true, 0, "<postmaster>", 0, 12)) {
            c.pos += 12;
            postmaster = true;
            to = new MailAddress("postmaster", "");
        } else {
            to = path(c, false);
        }
        Set<SmtpCommand.Notify> notify = null;
        String orcpt = null;
        Set<String> seen = new HashSet<>();
        for (String[] param : parameters(c)) {
            String key = param[0];
            String value = param[1];
            if (!seen.add(key)) throw new SmtpSyntaxException(501, "5.5.4", "Parameter " + key + " given twice");
            switch (key) {
                case "NOTIFY" -> notify = notify(value);
                case "ORCPT" -> {
                    int semi = value == null ? -1 : value.indexOf(';');
                    if (semi <= 0) throw new SmtpSyntaxException(501, "5.5.4", "ORCPT must be addr-type;address");
                    String type = value.substring(0, semi);
                    if (!type.matches("[A-Za-z0-9-]{1,32}")) throw new SmtpSyntaxException(501, "5.5.4", "Invalid ORCPT address type");
                    orcpt = type + ";" + xtext(value.substring(semi + 1), "ORCPT");
                }
                default -> throw new SmtpSyntaxException(555, "5.5.4", "Unsupported parameter " + key);
            }
        }
        return new SmtpCommand.RcptTo(to, notify, orcpt, postmaster);
    }

    /** RFC 3461 §4.1: NEVER alone, or any of SUCCESS, FAILURE, DELAY. */
    private static Set<SmtpCommand.Notify> notify(String value) throws SmtpSyntaxException {
        if (value == null || value.isEmpty()) throw new SmtpSyntaxException(501, "5.5.4", "NOTIFY needs a value");
        if (value.equalsIgnoreCase("NEVER")) return Set.of();
        Set<SmtpCommand.Notify> set = EnumSet.noneOf(SmtpCommand.Notify.class);
        for (String v : value.split(",", -1)) {
            switch (v.toUpperCase(Locale.ROOT)) {
                case "SUCCESS" -> set.add(SmtpCommand.Notify.SUCCESS);
                case "FAILURE" -> set.add(SmtpCommand.Notify.FAILURE);
                case "DELAY" -> set.add(SmtpCommand.Notify.DELAY);
                default -> throw new SmtpSyntaxException(501, "5.5.4", "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
            }
        }
        return Set.copyOf(set);
    }

    /** Case-insensitive "FROM:"/"TO:"; a space after the colon is tolerated, as most servers do for old clients. */
    private static String afterKeyword(String args, String keyword, String usage) throws SmtpSyntaxException {
        if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) throw new SmtpSyntaxException(501, "5.5.4", usage);
        String rest = args.substring(keyword.length());
        int i = 0;
        while (i < rest.length() && rest.charAt(i) == ' ') i++;
        return rest.substring(i);
    }

    /** Reverse-path or forward-path (RFC 5321 §4.1.2), source routes accepted and ignored (§4.1.1.3, Appendix C). */
    private static MailAddress path(Cursor c, boolean nullAllowed) throws SmtpSyntaxException {
        if (!c.take('<')) throw new SmtpSyntaxException(501, "5.1.7", "The address must be enclosed in <>");
        if (c.take('>')) {
            if (nullAllowed) return null;
            throw new SmtpSyntaxException(501, "5.1.3", "An empty recipient address is not allowed");
        }
        if (c.peek() == '@') {
            int colon = c.text.indexOf(':', c.pos);
            if (colon < 0) throw new SmtpSyntaxException(501, "5.1.3", "Invalid source route");
            c.pos = colon + 1;
        }
        String local = localPart(c);
        if (!c.take('@')) throw new SmtpSyntaxException(501, "5.1.3", "The address needs a domain (local@domain)");
        String domain = domain(c);
        if (!c.take('>')) throw new SmtpSyntaxException(501, "5.1.3", "Invalid address syntax");
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART) throw new SmtpSyntaxException(501, "5.1.3", "Local part longer than 64 octets");
        return new MailAddress(local, domain);
    }

    private static String localPart(Cursor c) throws SmtpSyntaxException {
        StringBuilder b = new StringBuilder();
        if (c.take('"')) {
            while (true) {
                if (c.atEnd()) throw new SmtpSyntaxException(501, "5.1.3", "Unterminated quoted local part");
                char ch = c.next();
                if (ch == '"') break;
                if (ch == '\\') {
                    if (c.atEnd()) throw new SmtpSyntaxException(501, "5.1.3", "Invalid quoted local part");
                    ch = c.next();
                }
                b.append(ch);
            }
            return b.toString();
        }
        while (!c.atEnd() && c.peek() != '@' && c.peek() != '>') {
            char ch = c.next();
            if (!isAtext(ch) && ch != '.') throw new SmtpSyntaxException(501, "5.1.3", "Invalid character in address");
            b.append(ch);
        }
        String s = b.toString();
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            throw new SmtpSyntaxException(501, "5.1.3", "Invalid local part");
        }
        return s;
    }

    private static String domain(Cursor c) throws SmtpSyntaxException {
        StringBuilder b = new StringBuilder();
        if (c.peek() == '[') {
            while (!c.atEnd() && c.peek() != '>') b.append(c.next());
            String lit = b.toString();
            if (!lit.endsWith("]") || lit.length() < 3 || lit.indexOf(' ') >= 0) throw new SmtpSyntaxException(501, "5.1.3", "Invalid address literal");
            return lit;
        }
        while (!c.atEnd() && c.peek() != '>') b.append(c.next());
        String d = b.toString();
        if (d.isEmpty() || d.length() > MAX_DOMAIN || d.startsWith(".") || d.endsWith(".") || d.contains("..")) {
            throw new SmtpSyntaxException(501, "5.1.3", "Invalid domain");
        }
        for (String label : d.split("\\.")) {
            if (label.startsWith("-") || label.endsWith("-")) throw new SmtpSyntaxException(501, "5.1.3", "Invalid domain");
            for (int i = 0; i < label.length(); i++) {
                char ch = label.charAt(i);
                // Letters, digits, hyphen (RFC 5321 §4.1.2), or UTF-8 U-labels (RFC 6531 §3.3).
                if (!(ch < 0x80 ? Character.isLetterOrDigit(ch) || ch == '-' : Character.isLetterOrDigit(ch) || Character.getType(ch) == Character.NON_SPACING_MARK)) {
                    throw new SmtpSyntaxException(501, "5.1.3", "Invalid character in domain");
                }
            }
        }
        return d;
    }

    private static Iterable<String[]> parameters(Cursor c) throws SmtpSyntaxException {
        String rest = c.rest();
        java.util.List<String[]> out = new java.util.ArrayList<>();
        if (rest.isEmpty()) return out;
        if (rest.charAt(0) != ' ') throw new SmtpSyntaxException(501, "5.5.4", "Parameters must follow the address after a space");
        for (String token : rest.strip().split(" +")) {
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : token.substring(eq + 1);
            if (!key.matches("[A-Z0-9][A-Z0-9-]{0,63}")) throw new SmtpSyntaxException(501, "5.5.4", "Invalid parameter");
            out.add(new String[] {key, value});
        }
        return out;
    }

    /** RFC 3461 §4: xtext, "+" and two upper-case hex digits encode a character. */
    static String xtext(String value, String name) throws SmtpSyntaxException {
        if (value == null || value.isEmpty()) throw new SmtpSyntaxException(501, "5.5.4", name + " needs a value");
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '+') {
                if (i + 2 >= value.length()) throw new SmtpSyntaxException(501, "5.5.4", "Invalid xtext in " + name);
                String hex = value.substring(i + 1, i + 3);
                if (!hex.matches("[0-9A-F]{2}")) throw new SmtpSyntaxException(501, "5.5.4", "Invalid xtext in " + name);
                b.append((char) Integer.parseInt(hex, 16));
                i += 2;
            } else if (ch < 33 || ch == '=') {
                throw new SmtpSyntaxException(501, "5.5.4", "Invalid xtext in " + name);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** Encodes xtext for the client side (RFC 3461 §4). */
    public static String encodeXtext(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char ch : value.toCharArray()) {
            if (ch < 33 || ch > 126 || ch == '+' || ch == '=') b.append('+').append(String.format("%02X", (int) ch & 0xff));
            else b.append(ch);
        }
        return b.toString();
    }

    /** RFC 5322 §3.2.3 atext, extended by UTF-8 for SMTPUTF8 (RFC 6531 §3.3). */
    static boolean isAtext(char ch) {
        if (ch >= 0x80) return !Character.isWhitespace(ch) && !Character.isISOControl(ch);
        return Character.isLetterOrDigit(ch) || "!#$%&'*+-/=?^_`{|}~".indexOf(ch) >= 0;
    }

    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) { this.text = text; }

        boolean atEnd() { return pos >= text.length(); }

        char peek() { return atEnd() ? '\0' : text.charAt(pos); }

        char next() { return text.charAt(pos++); }

        boolean take(char ch) {
            if (peek() != ch) return false;
            pos++;
            return true;
        }

        String rest() { return text.substring(pos); }
    }
}
