package org.switchboard.smtp.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.codec.MailAddress;
import org.switchboard.smtp.codec.SmtpCommand;
import org.switchboard.smtp.codec.SmtpCommandParser;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.queue.DeliveryOutcome;
import org.switchboard.smtp.queue.Envelope;

/**
 * Sends a queued message to the Internet: per recipient domain, the MX hosts by preference
 * (falling back to the next on connection failures and 4xx before DATA), or every domain to the
 * smarthost. Opportunistic STARTTLS toward MX hosts; a smarthost may require TLS and AUTH.
 * DSN parameters are passed on when the next hop supports them (RFC 3461 §5.2). Stateless
 * between calls; safe for concurrent use.
 */
public final class RemoteDelivery {
    private final Supplier<SmtpSettings.Delivery> settings;
    private final Supplier<String> hostName;
    private final UnaryOperator<String> openSecret;
    private volatile MxResolver resolver;
    private volatile String resolverFor = "";

    /** @param openSecret turns the smarthost password as saved (sealed) into the clear text AUTH needs */
    public RemoteDelivery(Supplier<SmtpSettings.Delivery> settings, UnaryOperator<String> openSecret, Supplier<String> hostName) {
        this.settings = settings;
        this.openSecret = openSecret;
        this.hostName = hostName;
    }

    /** The resolver for the current settings (rebuilt when the DNS server setting changes). */
    public MxResolver resolver() {
        SmtpSettings.Delivery d = settings.get();
        String key = String.valueOf(d.dnsServer()) + "/" + d.connectTimeoutSeconds();
        if (!key.equals(resolverFor)) {
            resolver = new MxResolver(d.dnsServer(), Duration.ofSeconds(Math.min(d.connectTimeoutSeconds(), 10)));
            resolverFor = key;
        }
        return resolver;
    }

    public List<DeliveryOutcome> deliver(Envelope e, Path message, List<String> recipients) {
        SmtpSettings.Delivery d = settings.get();
        List<DeliveryOutcome> out = new ArrayList<>();
        if (d.smarthost() != null) {
            out.addAll(viaSmarthost(d, e, message, recipients));
            return out;
        }
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (String r : recipients) {
            MailAddress a = MailAddress.parse(r);
            String domain = a == null ? "" : a.domainLower();
            byDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<String>> group : byDomain.entrySet()) {
            out.addAll(toDomain(d, e, message, group.getKey(), group.getValue()));
        }
        return out;
    }

    private List<DeliveryOutcome> viaSmarthost(SmtpSettings.Delivery d, Envelope e, Path message, List<String> recipients) {
        SmtpSettings.Smarthost h = d.smarthost();
        Attempt a = new Attempt(recipients);
        try {
            for (InetAddress ip : InetAddress.getAllByName(h.host())) {
                if (a.done()) break;
                send(d, e, message, h.host(), new InetSocketAddress(ip, h.port()), h, a);
            }
        } catch (IOException ex) {
            a.lastError = "451 4.4.1 Cannot resolve the relay server " + h.host() + ": " + ex.getMessage();
        }
        return a.finish(h.host());
    }

    private List<DeliveryOutcome> toDomain(SmtpSettings.Delivery d, Envelope e, Path message, String domain, List<String> recipients) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            Attempt a = new Attempt(recipients);
            try {
                String literal = domain.substring(1, domain.length() - 1);
                if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) literal = literal.substring(5);
                send(d, e, message, domain, new InetSocketAddress(InetAddress.getByName(literal), d.remotePort()), null, a);
            } catch (IOException ex) {
                a.lastError = "501 5.1.2 Invalid address literal " + domain;
                return a.fail(a.lastError, null);
            }
            return a.finish(domain);
        }
        List<MxResolver.Host> hosts;
        try {
            hosts = resolver().mailHosts(domain);
        } catch (MxResolver.DnsFailure f) {
            List<DeliveryOutcome> out = new ArrayList<>();
            for (String r : recipients) {
                out.add(f.permanent()
                        ? DeliveryOutcome.failed(r, "550 5.1.2 " + f.getMessage(), null)
                        : DeliveryOutcome.deferred(r, "451 4.4.3 " + f.getMessage(), null));
            }
            return out;
        }
        Attempt a = new Attempt(recipients);
        for (MxResolver.Host host : hosts) {
            for (InetAddress ip : host.addresses()) {
                if (a.done()) break;
                send(d, e, message, host.name(), new InetSocketAddress(ip, d.remotePort()), null, a);
            }
        }
        return a.finish(hosts.getFirst().name());
    }

    /** What is known so far about the recipients of one domain (or the smarthost) across hosts. */
    private static final class Attempt {
        final List<String> open;
        final List<DeliveryOutcome> settled = new ArrayList<>();
        String lastError = "451 4.4.1 No host could be reached";
        String lastHost;

        Attempt(List<String> recipients) { this.open = new ArrayList<>(recipients); }

        boolean done() { return open.isEmpty(); }

        List<DeliveryOutcome> finish(String host) {
            for (String r : open) settled.add(DeliveryOutcome.deferred(r, lastError, lastHost == null ? host : lastHost));
            open.clear();
            return settled;
        }

        List<DeliveryOutcome> fail(String reply, String host) {
            for (String r : open) settled.add(DeliveryOutcome.failed(r, reply, host));
            open.clear();
            return settled;
        }
    }

    /** One SMTP session with one host; settles what it can and leaves the rest open for the next host. */
    private void send(SmtpSettings.Delivery d, Envelope e, Path message, String hostName, InetSocketAddress address,
                      SmtpSettings.Smarthost smarthost, Attempt a) {
        if (send(d, e, message, hostName, address, smarthost, a, true) == TlsOutcome.HANDSHAKE_FAILED) {
            // RFC 7435 §6: opportunistic TLS that fails falls back to a cleartext session with the same host.
            send(d, e, message, hostName, address, smarthost, a, false);
        }
    }

    private enum TlsOutcome { DONE, HANDSHAKE_FAILED }

    private TlsOutcome send(SmtpSettings.Delivery d, Envelope e, Path message, String hostName, InetSocketAddress address,
                            SmtpSettings.Smarthost smarthost, Attempt a, boolean tryTls) {
        String mta = hostName + " [" + address.getAddress().getHostAddress() + "]";
        a.lastHost = mta;
        boolean implicit = smarthost != null && smarthost.tls() == SmtpSettings.SmarthostTls.IMPLICIT;
        // An MX gets opportunistic TLS (RFC 7435); a relay host gets our login, so its certificate is checked unless the
        // admin said not to.
        boolean verify = smarthost != null && smarthost.verifyCertificate();
        try (SmtpClient c = SmtpClient.connect(hostName, address, implicit, verify, Duration.ofSeconds(d.connectTimeoutSeconds()),
                Duration.ofSeconds(Math.max(d.connectTimeoutSeconds(), 60)))) {
            SmtpReply greeting = c.read();
            if (!greeting.isPositive()) {
                a.lastError = greeting.summary();
                c.quit();
                return TlsOutcome.DONE;
            }
            SmtpReply hello = c.hello(this.hostName.get());
            if (!hello.isPositive()) {
                a.lastError = hello.summary();
                c.quit();
                return TlsOutcome.DONE;
            }
            boolean mustTls = smarthost != null && smarthost.tls() == SmtpSettings.SmarthostTls.STARTTLS;
            if (!c.isSecure() && c.supports("STARTTLS") && (tryTls || mustTls)) {
                try {
                    if (!c.startTls(this.hostName.get()) && mustTls) {
                        a.lastError = "451 4.7.0 The relay server refused STARTTLS";
                        return TlsOutcome.DONE;
                    }
                } catch (IOException tlsFailure) {
                    a.lastError = "451 4.7.0 TLS handshake with " + mta + " failed: " + tlsFailure.getMessage();
                    return mustTls ? TlsOutcome.DONE : TlsOutcome.HANDSHAKE_FAILED;
                }
            } else if (mustTls && !c.isSecure()) {
                a.lastError = "451 4.7.0 The relay server does not offer STARTTLS";
                c.quit();
                return TlsOutcome.DONE;
            }
            if (smarthost != null && smarthost.user() != null) {
                if (!c.isSecure()) {
                    // RFC 4954 §4: PLAIN only inside TLS; a relay without it would see the password in clear.
                    a.lastError = "451 4.7.0 Not logging in to the relay server over an unencrypted connection";
                    c.quit();
                    return TlsOutcome.DONE;
                }
                SmtpReply auth = c.authPlain(smarthost.user(), openSecret.apply(smarthost.password()));
                if (!auth.isPositive()) {
                    a.lastError = "451 4.7.0 The relay server refused our login: " + auth.summary();
                    c.quit();
                    return TlsOutcome.DONE;
                }
            }
            transaction(c, d, e, message, mta, a);
            c.quit();
        } catch (IOException ex) {
            LogKind.debug("smtp-client", "delivery of {} to {} failed: {}", e.id(), mta, ex.toString());
            a.lastError = "451 4.4.1 Connection to " + mta + " failed: " + ex.getMessage();
        }
        return TlsOutcome.DONE;
    }

    private static void transaction(SmtpClient c, SmtpSettings.Delivery d, Envelope e, Path message, String mta, Attempt a)
            throws IOException {
        boolean utf8Needed = e.smtpUtf8() || !isAscii(e.from()) || a.open.stream().anyMatch(r -> !isAscii(r));
        if (utf8Needed && !c.supports("SMTPUTF8")) {
            // RFC 6531 §3.2: without SMTPUTF8 at the next hop the message cannot be relayed.
            a.fail("553 5.6.7 " + mta + " does not support SMTPUTF8, needed for this message", mta);
            return;
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(e.from()).append('>');
        if (c.supports("SIZE")) mail.append(" SIZE=").append(e.size());
        if (e.eightBit() && c.supports("8BITMIME")) mail.append(" BODY=8BITMIME");
        if (utf8Needed) mail.append(" SMTPUTF8");
        boolean dsn = c.supports("DSN");
        if (dsn && e.ret() != null) mail.append(" RET=").append(e.ret() == SmtpCommand.Ret.FULL ? "FULL" : "HDRS");
        if (dsn && e.envId() != null) mail.append(" ENVID=").append(SmtpCommandParser.encodeXtext(e.envId()));
        SmtpReply m = c.command(mail.toString());
        if (!m.isPositive()) {
            if (m.isPermanent()) a.fail(m.summary(), mta);
            else a.lastError = m.summary();
            return;
        }
        List<String> accepted = new ArrayList<>();
        for (String r : List.copyOf(a.open)) {
            StringBuilder rcpt = new StringBuilder("RCPT TO:<").append(r).append('>');
            Envelope.Recipient original = e.recipients().stream().filter(x -> x.address().equals(r)).findFirst().orElse(null);
            if (dsn && original != null) {
                if (original.notifyOn() != null) {
                    rcpt.append(" NOTIFY=").append(original.notifyOn().isEmpty() ? "NEVER"
                            : String.join(",", original.notifyOn().stream().map(Enum::name).sorted().toList()));
                }
                if (original.orcpt() != null) {
                    int semi = original.orcpt().indexOf(';');
                    rcpt.append(" ORCPT=").append(original.orcpt(), 0, semi + 1)
                            .append(SmtpCommandParser.encodeXtext(original.orcpt().substring(semi + 1)));
                }
            }
            SmtpReply reply = c.command(rcpt.toString());
            if (reply.isPositive()) {
                accepted.add(r);
            } else {
                a.open.remove(r);
                a.settled.add(reply.isPermanent() ? DeliveryOutcome.failed(r, reply.summary(), mta) : DeliveryOutcome.deferred(r, reply.summary(), mta));
            }
        }
        if (accepted.isEmpty()) {
            c.command("RSET");
            return;
        }
        SmtpReply result;
        try (InputStream in = Files.newInputStream(message)) {
            result = c.data(in, Duration.ofSeconds(d.dataTimeoutSeconds()));
        }
        for (String r : accepted) {
            a.open.remove(r);
            if (result.isPositive()) a.settled.add(DeliveryOutcome.delivered(r, result.summary(), mta));
            else if (result.isPermanent()) a.settled.add(DeliveryOutcome.failed(r, result.summary(), mta));
            else a.settled.add(DeliveryOutcome.deferred(r, result.summary(), mta));
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7e) return false;
        return true;
    }

}
