package org.switchboard.smtp.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.delivery.SmtpClient;

/**
 * The client side of ETRN (RFC 1985, guide part 1 §28): asks a backup MX to flush the mail it
 * holds for our domains. EHLO, STARTTLS when the account asks for it (required then), AUTH PLAIN
 * when it has a user (never in clear), then one ETRN per domain; every reply goes to the Mail log.
 * The flushed mail arrives later through our SMTP listener like any other. Stateless.
 */
final class EtrnDownload {
    private final Function<String, String> openSecret;
    private final Supplier<String> hostName;
    private final Duration timeout;

    EtrnDownload(Function<String, String> openSecret, Supplier<String> hostName, Duration timeout) {
        this.openSecret = openSecret;
        this.hostName = hostName;
        this.timeout = timeout;
    }

    RunReport.EtrnResult run(EtrnAccount a) {
        List<String> replies = new ArrayList<>();
        String error = null;
        try (SmtpClient c = SmtpClient.connect(a.server(), new InetSocketAddress(a.server(), a.port()), a.tls() == ClientTls.IMPLICIT,
                a.verifyCertificate(), timeout, timeout)) {
            SmtpReply greeting = c.read();
            if (greeting.code() != 220) throw new FetchException("greeting: " + greeting.summary());
            SmtpReply ehlo = c.hello(hostName.get());
            if (!ehlo.isPositive()) throw new FetchException("EHLO refused: " + ehlo.summary());
            if (a.tls() == ClientTls.STARTTLS && !c.startTls(hostName.get())) throw new FetchException("the server refused STARTTLS");
            if (a.user() != null) {
                SmtpReply auth = c.authPlain(a.user(), openSecret.apply(a.sealedPassword()));
                if (!auth.isPositive()) throw new FetchException("login refused: " + auth.summary());
            }
            for (String domain : a.domainList()) {
                // RFC 1985 §5: 250/251/252/253 mean the request was taken; 458/459 and 5xx that it was not.
                SmtpReply r = c.command("ETRN " + domain);
                replies.add(domain + ": " + r.summary());
                LogKind.MAIL.log("ETRN download {}: {} answered ETRN {} with {}", a.name(), a.server(), domain, r.summary());
                if (!r.isPositive()) LogKind.WARNING.log("ETRN download {}: {} refused ETRN {}: {}", a.name(), a.server(), domain, r.summary());
            }
            c.quit();
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            LogKind.WARNING.log("ETRN download {} to {}:{} failed: {}", a.name(), a.server(), a.port(), error);
            LogKind.MAIL.log("ETRN download {} to {}:{} failed: {}", a.name(), a.server(), a.port(), error);
        }
        return new RunReport.EtrnResult(a.name(), replies, error);
    }
}
