package org.switchboard.smtp.managesieve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.auth.sasl.SaslMechanism;
import org.switchboard.core.auth.sasl.SaslMechanisms;
import org.switchboard.core.auth.sasl.SaslStep;
import org.switchboard.core.log.LogKind;
import org.switchboard.net.Connection;
import org.switchboard.net.TlsUpgradeException;
import org.switchboard.smtp.codec.SmtpInput;
import org.switchboard.smtp.sieve.SieveScripts;

/**
 * One ManageSieve connection (RFC 5804): capabilities, STARTTLS, AUTHENTICATE through the
 * server's SASL mechanisms and AuthService (lockout, policies and the Security log apply; the
 * IMAP access policy governs it, as rules belong to mail access), then the script commands over
 * {@link SieveScripts}. Runs on the connection's virtual thread.
 */
final class ManageSieveSession {
    private static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN", "SCRAM-SHA-256");

    private final Connection connection;
    private final SmtpInput input;
    private final SieveCommandReader reader;
    private final AuthService auth;
    private final SieveScripts scripts;
    private final String hostName;
    private final String service;
    private Principal principal;

    ManageSieveSession(Connection connection, AuthService auth, SieveScripts scripts, String hostName, String service) {
        this.connection = connection;
        this.input = new SmtpInput(connection.input());
        this.reader = new SieveCommandReader(input);
        this.auth = auth;
        this.scripts = scripts;
        this.hostName = hostName;
        this.service = service;
    }

    void serve() throws IOException {
        capabilities();
        while (true) {
            SieveCommand c;
            try {
                c = reader.next();
            } catch (SieveCommandReader.SyntaxException e) {
                no(null, e.getMessage());
                continue;
            }
            if (c == null) return;
            if (!dispatch(c)) return;
        }
    }

    /** False when the connection should end. */
    private boolean dispatch(SieveCommand c) throws IOException {
        switch (c.name()) {
            case "CAPABILITY" -> capabilities();
            // RFC 5804 §2.13: a NOOP tag is echoed, which clients use to resynchronize after STARTTLS.
            case "NOOP" -> ok(c.arg(0) == null ? null : "TAG " + string(c.arg(0)), "Done");
            case "LOGOUT" -> {
                ok(null, "Logout completed");
                return false;
            }
            case "STARTTLS" -> {
                return startTls();
            }
            case "AUTHENTICATE" -> authenticate(c);
            case "UNAUTHENTICATE" -> {
                if (principal == null) no(null, "Not authenticated");
                else {
                    principal = null;
                    ok(null, "Unauthenticated");
                }
            }
            case "HAVESPACE", "PUTSCRIPT", "LISTSCRIPTS", "SETACTIVE", "GETSCRIPT", "DELETESCRIPT", "RENAMESCRIPT", "CHECKSCRIPT" -> {
                if (principal == null || principal.userId() == null) {
                    no(null, "Authenticate first");
                    return true;
                }
                try {
                    scriptCommand(c, principal.userId());
                } catch (IllegalArgumentException e) {
                    no(null, e.getMessage());
                }
            }
            default -> no(null, "Unknown command " + c.name());
        }
        return true;
    }

    private void scriptCommand(SieveCommand c, String account) throws IOException {
        switch (c.name()) {
            case "HAVESPACE" -> {
                long size = parseSize(c.arg(1));
                if (c.arg(0) == null || size < 0) no(null, "Syntax: HAVESPACE name size");
                else if (size > SieveScripts.MAX_SCRIPT_BYTES) no("QUOTA/MAXSIZE", "Scripts may be at most " + SieveScripts.MAX_SCRIPT_BYTES + " bytes");
                else ok(null, "Putscript would succeed");
            }
            case "PUTSCRIPT" -> {
                if (c.arg(1) == null) no(null, "Syntax: PUTSCRIPT name script");
                else {
                    scripts.put(account, c.arg(0), c.arg(1));
                    ok(null, "Script stored");
                }
            }
            case "CHECKSCRIPT" -> {
                if (c.arg(0) == null) no(null, "Syntax: CHECKSCRIPT script");
                else {
                    scripts.check(c.arg(0));
                    ok(null, "Script is valid");
                }
            }
            case "LISTSCRIPTS" -> {
                StringBuilder b = new StringBuilder();
                for (SieveScripts.Script s : scripts.list(account)) b.append(string(s.name())).append(s.active() ? " ACTIVE" : "").append("\r\n");
                write(b.toString());
                ok(null, "Listscripts completed");
            }
            case "SETACTIVE" -> {
                if (c.arg(0) == null) no(null, "Syntax: SETACTIVE name");
                else if (scripts.activate(account, c.arg(0))) ok(null, "Active script set");
                else no("NONEXISTENT", "There is no script by that name");
            }
            case "GETSCRIPT" -> {
                var s = c.arg(0) == null ? java.util.Optional.<String>empty() : scripts.get(account, c.arg(0));
                if (s.isEmpty()) no("NONEXISTENT", "There is no script by that name");
                else {
                    byte[] bytes = s.get().getBytes(StandardCharsets.UTF_8);
                    write("{" + bytes.length + "}\r\n");
                    connection.output().write(bytes);
                    write("\r\n");
                    ok(null, "Getscript completed");
                }
            }
            case "DELETESCRIPT" -> {
                switch (c.arg(0) == null ? SieveScripts.Removal.NOT_FOUND : scripts.delete(account, c.arg(0))) {
                    case REMOVED -> ok(null, "Script removed");
                    case NOT_FOUND -> no("NONEXISTENT", "There is no script by that name");
                    case ACTIVE -> no("ACTIVE", "You may not delete an active script");
                }
            }
            case "RENAMESCRIPT" -> {
                if (c.arg(1) == null) no(null, "Syntax: RENAMESCRIPT old new");
                else if (scripts.get(account, c.arg(0)).isEmpty()) no("NONEXISTENT", "There is no script by that name");
                else if (!scripts.rename(account, c.arg(0), c.arg(1))) no("ALREADYEXISTS", "A script with that name already exists");
                else ok(null, "Script renamed");
            }
            default -> no(null, "Unknown command");
        }
    }

    private boolean startTls() throws IOException {
        if (!connection.canUpgradeToTls()) {
            no(null, "TLS is not available");
            return true;
        }
        if (input.buffered() > 0) {
            // RFC 3207 §6 reasoning applies: pipelined plaintext must never count as protected.
            LogKind.SECURITY.log("{} from {}: bytes sent after STARTTLS before the handshake; closed", service,
                    connection.remote().getAddress().getHostAddress());
            write("BYE \"Commands after STARTTLS must wait for the handshake\"\r\n");
            return false;
        }
        ok(null, "Begin TLS negotiation now");
        try {
            connection.upgradeToTls();
        } catch (TlsUpgradeException e) {
            return false;
        }
        principal = null;
        // RFC 5804 §2.2: capabilities again after a successful negotiation.
        capabilities();
        return true;
    }

    private void authenticate(SieveCommand c) throws IOException {
        if (principal != null) {
            no(null, "Already authenticated");
            return;
        }
        if (!connection.isSecure() && !auth.security().allowPlaintextWithoutTls()) {
            no("ENCRYPT-NEEDED", "Use STARTTLS first");
            return;
        }
        String name = c.arg(0) == null ? "" : c.arg(0).toUpperCase(java.util.Locale.ROOT);
        if (!MECHANISMS.contains(name)) {
            no(null, "Unsupported mechanism");
            return;
        }
        var from = connection.remote().getAddress();
        SaslMechanism mech = SaslMechanisms.create(name, auth.saslBackend(service, AccessPolicy.Protocol.IMAP, from), hostName);
        SaslStep step;
        try {
            step = mech.start(c.arg(1) == null ? null : Base64.getDecoder().decode(c.arg(1)));
            while (step instanceof SaslStep.Challenge ch) {
                write(string(Base64.getEncoder().encodeToString(ch.data())) + "\r\n");
                String response = reader.response();
                if (response.equals("*")) {
                    no(null, "Authentication cancelled");
                    return;
                }
                step = mech.next(Base64.getDecoder().decode(response));
            }
        } catch (IllegalArgumentException e) {
            no(null, "Cannot decode the response");
            return;
        }
        if (step instanceof SaslStep.Success ok) {
            AuthResult r = auth.afterSasl(service, AccessPolicy.Protocol.IMAP, from, ok.authcid());
            if (r instanceof AuthResult.Success s && s.principal().userId() != null) {
                principal = s.principal();
                String extra = ok.additionalData() == null ? null : "SASL " + string(Base64.getEncoder().encodeToString(ok.additionalData()));
                ok(extra, "Logged in");
                return;
            }
        }
        no(null, "Authentication failed");
    }

    private void capabilities() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("\"IMPLEMENTATION\" \"Switchboard\"\r\n");
        b.append("\"SIEVE\" ").append(string(String.join(" ", scripts.extensions()))).append("\r\n");
        b.append("\"NOTIFY\" ").append(string(String.join(" ", scripts.notifyMethods()))).append("\r\n");
        if (connection.canUpgradeToTls()) b.append("\"STARTTLS\"\r\n");
        boolean saslAllowed = connection.isSecure() || auth.security().allowPlaintextWithoutTls();
        b.append("\"SASL\" ").append(string(saslAllowed && principal == null ? String.join(" ", MECHANISMS) : "")).append("\r\n");
        b.append("\"MAXREDIRECTS\" \"4\"\r\n");
        b.append("\"VERSION\" \"1.0\"\r\n");
        write(b.toString());
        ok(null, hostName + " ManageSieve ready");
    }

    private void ok(String code, String text) throws IOException {
        write("OK" + (code == null ? "" : " (" + code + ")") + " " + string(text) + "\r\n");
        connection.output().flush();
    }

    private void no(String code, String text) throws IOException {
        write("NO" + (code == null ? "" : " (" + code + ")") + " " + string(text) + "\r\n");
        connection.output().flush();
    }

    private void write(String s) throws IOException {
        OutputStream out = connection.output();
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A quoted string (RFC 5804 §4) with CR/LF removed so text can never break the framing. */
    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '\r' || ch == '\n') ch = ' ';
            if (ch == '"' || ch == '\\') b.append('\\');
            b.append(ch);
        }
        return b.append('"').toString();
    }

    private static long parseSize(String s) {
        if (s == null || !s.matches("[0-9]{1,12}")) return -1;
        return Long.parseLong(s);
    }
}
