package org.switchboard.smtp.server;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.directory.Directory;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.codec.SmtpCommandParser;
import org.switchboard.smtp.codec.SmtpLimits;
import org.switchboard.smtp.delivery.MxResolver;
import org.switchboard.smtp.lists.MailingLists;
import org.switchboard.smtp.queue.MailQueue;

/**
 * What every SMTP session shares: settings, directory, auth, IP groups, the queue, the per-IP
 * counters and the POP-before-SMTP window. Makes one {@link SmtpSession} per connection.
 * Thread-safe: everything here is immutable or thread-safe itself; settings are read per use so
 * an admin's change applies to the next command.
 */
public final class SmtpServer {
    private final Supplier<SmtpSettings> settings;
    private final Supplier<String> hostName;
    private final Directory directory;
    private final AuthService auth;
    private final IpGroups ipGroups;
    private final MailQueue queue;
    private final Supplier<MxResolver> resolver;
    private final PopBeforeSmtp popBeforeSmtp;
    private final InstantSource clock;
    private final IpLimits limits;
    private final MailingLists lists;

    public SmtpServer(Supplier<SmtpSettings> settings, Supplier<String> hostName, Directory directory, AuthService auth,
                      IpGroups ipGroups, MailQueue queue, Supplier<MxResolver> resolver, PopBeforeSmtp popBeforeSmtp,
                      MailingLists lists, InstantSource clock) {
        this.lists = lists;
        this.settings = settings;
        this.hostName = hostName;
        this.directory = directory;
        this.auth = auth;
        this.ipGroups = ipGroups;
        this.queue = queue;
        this.resolver = resolver;
        this.popBeforeSmtp = popBeforeSmtp;
        this.clock = clock;
        this.limits = new IpLimits(clock);
    }

    /** The session runner for a listener of the given port kind. */
    public ConnectionHandler handler(SmtpPort port) {
        return connection -> new SmtpSession(this, port, connection).serve();
    }

    SmtpSettings settings() { return settings.get(); }

    String hostName() { return hostName.get(); }

    Directory directory() { return directory; }

    AuthService auth() { return auth; }

    MailQueue queue() { return queue; }

    MxResolver resolver() { return resolver.get(); }

    PopBeforeSmtp popBeforeSmtp() { return popBeforeSmtp; }

    InstantSource clock() { return clock; }

    IpLimits limits() { return limits; }

    MailingLists lists() { return lists; }

    SmtpLimits codecLimits() {
        SmtpSettings s = settings.get();
        return SmtpLimits.DEFAULTS.withMaxMessageBytes(s.maxMessageBytes());
    }

    SmtpCommandParser parser() { return new SmtpCommandParser(codecLimits()); }

    boolean inGroup(String group, InetAddress address) {
        return group != null && ipGroups.contains(group, address);
    }

    boolean trusted(InetAddress address) { return inGroup(settings.get().trustedIpGroup(), address); }
}
