package org.switchboard.smtp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.log.LogKind;
import org.switchboard.net.Connection;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpCommandParser;
import org.switchboard.smtp.codec.SmtpInput;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.codec.SmtpSyntaxException;

/**
 * One SMTP connection (RFC 5321): reads command lines, parses them with the codec, checks the
 * state, and dispatches to one handler per verb. Runs on the connection's own virtual thread;
 * nothing here is shared. Replies are buffered and flushed when the client has nothing more
 * pipelined (RFC 2920 §3.2) or before waiting for data. Refused commands count toward the
 * failed-command limit, after which the session ends with 421 (guide part 1 §26.2).
 */
final class SmtpSession {
    private static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0", "Too many errors, closing connection");

    private final SmtpServer server;
    private final SmtpPort port;
    private final Connection connection;
    private final InetAddress client;
    private final String clientIp;
    private final boolean trusted;
    private final SmtpCommandParser parser;
    private final SmtpInput input;
    private SmtpState state = new SmtpState.Connected();
    private Principal principal;
    private boolean authFailed;
    private int failedCommands;
    private boolean closing;

    SmtpSession(SmtpServer server, SmtpPort port, Connection connection) {
        this.server = server;
        this.port = port;
        this.connection = connection;
        this.client = connection.remote().getAddress();
        this.clientIp = client.getHostAddress();
        this.trusted = server.trusted(client);
        this.parser = server.parser();
        this.input = new SmtpInput(connection.input());
    }

    void serve() throws IOException {
        SmtpSettings settings = server.settings();
        if (!trusted && !server.limits().open(client, settings.maxConnectionsPerIp())) {
            LogKind.SECURITY.log("SMTP connection from {} refused: more than {} concurrent connections from this address",
                    clientIp, settings.maxConnectionsPerIp());
            reply(SmtpReply.of(421, "4.7.0", server.hostName() + " Too many connections from your address, try later"), true);
            return;
        }
        try {
            // RFC 5321 §4.2 / RFC 2034 §3: the greeting carries no enhanced status code.
            reply(new SmtpReply(220, null, java.util.List.of(server.hostName() + " ESMTP Switchboard")), true);
            while (!closing) {
                byte[] line;
                try {
                    line = input.readLine(server.codecLimits().maxAuthLine());
                } catch (SmtpInput.LineTooLongException e) {
                    refuse(SmtpReply.of(500, "5.5.2", "Line too long"));
                    continue;
                }
                if (line == null) return;
                if (input.lastLineHadBareLf()) {
                    // RFC 5321 §2.3.8: only CRLF ends a command line.
                    refuse(SmtpReply.of(500, "5.5.2", "Command lines must end with CRLF"));
                    continue;
                }
                SmtpCommand command;
                try {
                    command = parser.parse(line);
                } catch (SmtpSyntaxException e) {
                    refuse(e.reply());
                    continue;
                }
                dispatch(command);
            }
        } finally {
            if (state instanceof SmtpState.ReceivingData d) d.writer().abort();
            if (!trusted) server.limits().close(client);
        }
    }

    private void dispatch(SmtpCommand command) throws IOException {
        if (state instanceof SmtpState.ReceivingData
                && !(command instanceof SmtpCommand.Bdat || command instanceof SmtpCommand.Rset
                || command instanceof SmtpCommand.Quit || command instanceof SmtpCommand.Noop)) {
            // RFC 3030 §2: during a BDAT transaction only further chunks, RSET, NOOP and QUIT make sense.
            refuse(SmtpReply.of(503, "5.5.1", "Send the remaining BDAT chunks or RSET"));
            return;
        }
        switch (command) {
            case SmtpCommand.Ehlo c -> EhloHandler.handle(this, c);
            case SmtpCommand.MailFrom c -> MailHandler.handle(this, c);
            case SmtpCommand.RcptTo c -> RcptHandler.handle(this, c);
            case SmtpCommand.Data c -> DataHandler.handle(this, c);
            case SmtpCommand.Bdat c -> BdatHandler.handle(this, c);
            case SmtpCommand.Rset c -> RsetHandler.handle(this, c);
            case SmtpCommand.Noop c -> reply(SmtpReply.of(250, "2.0.0", "OK"));
            case SmtpCommand.Quit c -> QuitHandler.handle(this, c);
            case SmtpCommand.Vrfy c -> VrfyHandler.handle(this, c);
            case SmtpCommand.Expn c -> refuse(SmtpReply.of(502, "5.5.1", "EXPN is not available"));
            case SmtpCommand.Help c -> reply(SmtpReply.of(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY STARTTLS AUTH ETRN; see RFC 5321"));
            case SmtpCommand.StartTls c -> StartTlsHandler.handle(this, c);
            case SmtpCommand.Auth c -> AuthHandler.handle(this, c);
            case SmtpCommand.Etrn c -> EtrnHandler.handle(this, c);
        }
    }

    // ------------------------------------------------------------------ for handlers

    SmtpServer server() { return server; }

    SmtpPort port() { return port; }

    Connection connection() { return connection; }

    /** The connection's read buffer: commands, SASL responses and message data all come from here. */
    SmtpInput input() { return input; }

    InetAddress client() { return client; }

    String clientIp() { return clientIp; }

    boolean trusted() { return trusted; }

    SmtpState state() { return state; }

    void state(SmtpState next) { state = next; }

    Principal principal() { return principal; }

    void principal(Principal p) { principal = p; }

    boolean authFailed() { return authFailed; }

    void authFailed(boolean failed) { authFailed = failed; }

    boolean closing() { return closing; }

    /** Ends the session after the current reply. */
    void close() { closing = true; }

    /** Drops an unfinished BDAT message (RSET, EHLO, a failed chunk). */
    void abortData() {
        if (state instanceof SmtpState.ReceivingData d) {
            d.writer().abort();
            state = d.transaction().greeted();
        }
    }

    void reply(SmtpReply r) throws IOException { reply(r, false); }

    /** {@code flush} before a reply the client waits for without sending more (354, 334, 220 to STARTTLS, 221, 421). */
    void reply(SmtpReply r, boolean flush) throws IOException {
        OutputStream out = connection.output();
        out.write(r.bytes());
        if (flush || input.available() == 0) out.flush();
    }

    /** A refused command: replied, counted, and the session closed with 421 once the limit is reached. */
    void refuse(SmtpReply r) throws IOException {
        LogKind.debug("smtp-server", "{} {}: refused {}", port.service, clientIp, r.summary());
        reply(r, r.code() == 421);
        if (r.code() == 421) {
            close();
            return;
        }
        if (!r.isPermanent()) return;
        failedCommands++;
        int max = server.settings().maxFailedCommands();
        if (!trusted && max > 0 && failedCommands >= max) {
            LogKind.SECURITY.log("SMTP session from {} closed: {} failed commands (limit {})", clientIp, failedCommands, max);
            reply(TOO_MANY_ERRORS, true);
            close();
        }
    }

    /** A refusal with a reason for the Security or Mail log (every policy refusal is logged, guide §26). */
    void refuse(SmtpReply r, LogKind log, String reason) throws IOException {
        log.log("SMTP {} from {}{}: refused ({}): {}", port.service, clientIp,
                principal == null ? "" : " user " + principal.login(), r.summary(), reason);
        refuse(r);
    }
}
