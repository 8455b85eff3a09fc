package org.switchboard.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.auth.sasl.SaslMechanism;
import org.switchboard.core.auth.sasl.SaslMechanisms;
import org.switchboard.core.auth.sasl.SaslStep;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.net.Connection;
import org.switchboard.net.LineTooLongException;
import org.switchboard.pop3.codec.DotStuffing;
import org.switchboard.pop3.codec.Pop3Command;
import org.switchboard.pop3.codec.Pop3Parser;
import org.switchboard.pop3.codec.Pop3SyntaxException;
import org.switchboard.store.mail.Mailbox;
import org.switchboard.store.mail.MessageSummary;

/**
 * One POP3 connection: AUTHORIZATION, then TRANSACTION over a snapshot of the INBOX taken at
 * login, then UPDATE at QUIT, where messages marked with DELE are expunged (RFC 1939 §6).
 * Runs on the connection's virtual thread; the state is two fields because POP3 has only
 * two states worth the name.
 */
final class Pop3Session {
    private static final int MAX_BAD_COMMANDS = 20;

    private final Pop3Service service;
    private final Connection c;
    private final InetAddress from;
    private String pendingUser;
    private Maildrop maildrop;
    private int badCommands;

    /** The TRANSACTION state: the user, their INBOX and the messages seen at login. */
    private record Maildrop(Principal principal, Mailbox inbox, List<MessageSummary> messages, BitSet deleted,
                            ConnectedSessions.Handle registration) {}

    Pop3Session(Pop3Service service, Connection connection) {
        this.service = service;
        this.c = connection;
        this.from = connection.remote().getAddress();
    }

    void run() throws IOException {
        try {
            c.writeLine("+OK " + service.hostName() + " Switchboard POP3 ready");
            while (true) {
                String line;
                try {
                    line = c.readLine();
                } catch (LineTooLongException e) {
                    if (!error("line too long")) return;
                    continue;
                }
                if (line == null) return;
                Pop3Command command;
                try {
                    command = Pop3Parser.parse(line);
                } catch (Pop3SyntaxException e) {
                    if (!error(e.getMessage())) return;
                    continue;
                }
                if (!handle(command)) return;
            }
        } finally {
            if (maildrop != null) {
                service.unlock(maildrop.inbox().owner());
                maildrop.registration().close();
            }
        }
    }

    /** Counts a failed command; too many close the connection (a client gone wrong, or a scanner). */
    private boolean error(String message) throws IOException {
        c.writeLine("-ERR " + message);
        if (++badCommands >= MAX_BAD_COMMANDS) {
            c.writeLine("-ERR too many bad commands, closing");
            return false;
        }
        return true;
    }

    private boolean handle(Pop3Command command) throws IOException {
        if (maildrop == null) {
            return switch (command) {
                case Pop3Command.Capa x -> capa();
                case Pop3Command.Stls x -> stls();
                case Pop3Command.User u -> user(u);
                case Pop3Command.Pass p -> pass(p);
                case Pop3Command.Auth a -> authenticate(a);
                case Pop3Command.Apop a -> error("APOP is not supported; use USER/PASS or AUTH over TLS");
                case Pop3Command.Quit q -> quit();
                case Pop3Command.Noop n -> error("log in first");
                default -> error("log in first (USER/PASS or AUTH)");
            };
        }
        return switch (command) {
            case Pop3Command.Capa x -> capa();
            case Pop3Command.Stat x -> stat();
            case Pop3Command.List l -> list(l.message());
            case Pop3Command.Uidl u -> uidl(u.message());
            case Pop3Command.Retr r -> retr(r.message(), -1);
            case Pop3Command.Top t -> retr(t.message(), t.lines());
            case Pop3Command.Dele d -> dele(d.message());
            case Pop3Command.Noop n -> ok("");
            case Pop3Command.Rset r -> rset();
            case Pop3Command.Quit q -> quit();
            default -> error("not allowed in the TRANSACTION state");
        };
    }

    private boolean ok(String text) throws IOException {
        c.writeLine(text.isEmpty() ? "+OK" : "+OK " + text);
        return true;
    }

    private boolean plaintextAllowed() { return c.isSecure() || service.security().allowPlaintextWithoutTls(); }

    private boolean capa() throws IOException {
        List<String> caps = new ArrayList<>(List.of("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"));
        if (maildrop == null) {
            if (plaintextAllowed()) {
                caps.add("USER");
                caps.add("SASL " + String.join(" ", mechanisms()));
            }
            if (!c.isSecure() && c.canUpgradeToTls()) caps.add("STLS");
        }
        caps.add("IMPLEMENTATION Switchboard");
        c.writeLine("+OK capability list follows");
        for (String cap : caps) c.writeLine(cap);
        c.writeLine(".");
        return true;
    }

    private List<String> mechanisms() {
        List<String> m = new ArrayList<>(List.of("PLAIN", "LOGIN", "SCRAM-SHA-256"));
        if (service.security().storeReversibleSecrets()) m.add("CRAM-MD5");
        return m;
    }

    private boolean stls() throws IOException {
        if (c.isSecure()) return error("TLS is already active");
        if (!c.canUpgradeToTls()) return error("TLS is not available");
        c.writeLine("+OK begin TLS negotiation");
        c.upgradeToTls();   // RFC 2595 §4: any pipelined bytes after STLS make this throw and close
        pendingUser = null;
        return true;
    }

    private boolean user(Pop3Command.User u) throws IOException {
        if (!plaintextAllowed()) return error("[AUTH] plain-text login is not allowed without TLS; use STLS first");
        pendingUser = u.name();
        return ok("send PASS");
    }

    private boolean pass(Pop3Command.Pass p) throws IOException {
        if (pendingUser == null) return error("send USER first");
        String user = pendingUser;
        pendingUser = null;
        AuthResult r = service.auth().authenticate("pop3", AccessPolicy.Protocol.POP3, from, user, p.password());
        return loggedIn(r);
    }

    private boolean authenticate(Pop3Command.Auth a) throws IOException {
        if (!plaintextAllowed()) return error("[AUTH] authentication is not allowed without TLS; use STLS first");
        if (!mechanisms().contains(a.mechanism())) return error("unsupported mechanism " + a.mechanism());
        SaslMechanism m = SaslMechanisms.create(a.mechanism(), service.auth().saslBackend("pop3", AccessPolicy.Protocol.POP3, from),
                service.hostName());
        byte[] initial = a.initialResponse() == null ? null : decode(a.initialResponse());
        if (a.initialResponse() != null && initial == null) return error("[AUTH] invalid base64");
        SaslStep step = m.start(initial);
        while (step instanceof SaslStep.Challenge ch) {
            c.writeLine("+ " + Base64.getEncoder().encodeToString(ch.data()));
            String line = c.readLine();
            if (line == null) return false;
            if (line.equals("*")) return error("[AUTH] authentication cancelled");   // RFC 5034 §4
            byte[] response = decode(line);
            if (response == null) return error("[AUTH] invalid base64");
            step = m.next(response);
        }
        return switch (step) {
            case SaslStep.Success s -> loggedIn(service.auth().afterSasl("pop3", AccessPolicy.Protocol.POP3, from, s.authcid()));
            case SaslStep.Failure f -> error("[AUTH] authentication failed");
            case SaslStep.Challenge ch -> throw new IllegalStateException("unreachable");
        };
    }

    private static byte[] decode(String b64) {
        if (b64.equals("=")) return new byte[0];
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean loggedIn(AuthResult r) throws IOException {
        if (r instanceof AuthResult.Failure f) {
            return error(switch (f.reason()) {
                case BLOCKED, ACCOUNT_LOCKED -> "[LOGIN-DELAY] too many failed logins; try again later";
                case POLICY_DENIED -> "[AUTH] POP3 access is not allowed for this account from this address";
                case DISABLED -> "[AUTH] the account is disabled";
                case PASSWORD_EXPIRED -> "[AUTH] the password has expired";
                default -> "[AUTH] wrong user name or password";
            });
        }
        Principal p = ((AuthResult.Success) r).principal();
        if (p.userId() == null) return error("[AUTH] the built-in administrator has no mailbox");
        service.store().ensureDefaultMailboxes(p.userId());
        Mailbox inbox = service.store().mailbox(p.userId(), "INBOX").orElseThrow();
        if (!service.lock(p.userId())) return error("[IN-USE] the mailbox is open in another POP3 session");
        List<MessageSummary> messages = service.store().messages(inbox.id());
        maildrop = new Maildrop(p, inbox, messages, new BitSet(), service.sessions().register(c.isSecure() ? "POP3S" : "POP3", p.login(), from));
        service.loggedIn(from);
        return ok(p.login() + " has " + messages.size() + " message(s)");
    }

    private boolean stat() throws IOException {
        long size = 0;
        int count = 0;
        for (int i = 0; i < maildrop.messages().size(); i++) {
            if (maildrop.deleted().get(i)) continue;
            count++;
            size += maildrop.messages().get(i).size();
        }
        return ok(count + " " + size);
    }

    /** The message for a 1-based number, or null after answering -ERR. */
    private MessageSummary message(int n) throws IOException {
        if (n < 1 || n > maildrop.messages().size()) {
            error("no such message");
            return null;
        }
        if (maildrop.deleted().get(n - 1)) {
            error("message " + n + " is deleted");
            return null;
        }
        return maildrop.messages().get(n - 1);
    }

    private boolean list(Integer n) throws IOException {
        if (n != null) {
            MessageSummary m = message(n);
            return m == null || ok(n + " " + m.size());
        }
        c.writeLine("+OK scan listing follows");
        for (int i = 0; i < maildrop.messages().size(); i++) {
            if (!maildrop.deleted().get(i)) c.writeLine((i + 1) + " " + maildrop.messages().get(i).size());
        }
        c.writeLine(".");
        return true;
    }

    /** RFC 1939 §7: a unique-id that never changes: UIDVALIDITY and UID together. */
    private String uid(MessageSummary m) { return maildrop.inbox().uidValidity() + "." + m.uid(); }

    private boolean uidl(Integer n) throws IOException {
        if (n != null) {
            MessageSummary m = message(n);
            return m == null || ok(n + " " + uid(m));
        }
        c.writeLine("+OK unique-id listing follows");
        for (int i = 0; i < maildrop.messages().size(); i++) {
            if (!maildrop.deleted().get(i)) c.writeLine((i + 1) + " " + uid(maildrop.messages().get(i)));
        }
        c.writeLine(".");
        return true;
    }

    private boolean retr(int n, int bodyLines) throws IOException {
        MessageSummary m = message(n);
        if (m == null) return true;
        InputStream in;
        try {
            in = service.store().open(maildrop.inbox().id(), m.uid(), 0, Long.MAX_VALUE);
        } catch (RuntimeException e) {
            return error("[SYS/TEMP] the message is no longer available");
        }
        c.writeLine("+OK " + m.size() + " octets");
        OutputStream out = c.output();
        try (in) {
            DotStuffing.write(in, out, bodyLines);
        }
        out.flush();
        return true;
    }

    private boolean dele(int n) throws IOException {
        MessageSummary m = message(n);
        if (m == null) return true;
        maildrop.deleted().set(n - 1);
        return ok("message " + n + " deleted");
    }

    private boolean rset() throws IOException {
        maildrop.deleted().clear();
        return ok("maildrop has " + maildrop.messages().size() + " message(s)");
    }

    private boolean quit() throws IOException {
        if (maildrop == null) {
            ok(service.hostName() + " closing connection");
            return false;
        }
        List<Long> uids = new ArrayList<>();
        for (int i = maildrop.deleted().nextSetBit(0); i >= 0; i = maildrop.deleted().nextSetBit(i + 1)) {
            uids.add(maildrop.messages().get(i).uid());
        }
        try {
            List<Long> removed = uids.isEmpty() ? List.of() : service.store().expunge(maildrop.inbox().id(), uids);
            if (!removed.isEmpty()) {
                LogKind.MAIL.log("POP3: user {} from {} deleted {} message(s) from INBOX", maildrop.principal().login(),
                        from.getHostAddress(), removed.size());
            }
            ok(service.hostName() + " " + removed.size() + " message(s) deleted");
        } catch (RuntimeException e) {
            LogKind.ERROR.log("POP3: expunge for {} failed: {}", maildrop.principal().login(), e.toString());
            error("[SYS/TEMP] some deleted messages could not be removed");
        }
        return false;
    }

}
