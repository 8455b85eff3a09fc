package org.switchboard.smtp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.mail.ArchiveSettings;
import org.switchboard.core.mail.LocalDelivery;
import org.switchboard.core.mail.MailArchive;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.smtp.delivery.OutboundGate;
import org.switchboard.smtp.delivery.QueuedLocalDelivery;
import org.switchboard.smtp.delivery.RemoteDelivery;
import org.switchboard.smtp.delivery.Router;
import org.switchboard.smtp.lists.ListProcessor;
import org.switchboard.smtp.lists.MailingLists;
import org.switchboard.smtp.managesieve.ManageSieveService;
import org.switchboard.smtp.queue.Archiving;
import org.switchboard.smtp.queue.MailQueue;
import org.switchboard.smtp.queue.Spool;
import org.switchboard.smtp.server.PopBeforeSmtp;
import org.switchboard.smtp.server.SmtpPort;
import org.switchboard.smtp.server.SmtpServer;
import org.switchboard.smtp.sieve.SieveScripts;
import org.switchboard.smtp.sieve.UserRules;
import org.switchboard.smtp.sieve.VacationResponder;
import org.switchboard.store.mail.MailStore;

/**
 * The mail transfer service, wired in one constructor call: SMTP sessions for ports 25, 587 and
 * 465 ({@link #handler}), the durable queue in {@code <data>/queue}, routing into the mail store
 * (with each user's Sieve rules from {@code <data>/sieve}) and out to the Internet, and {@link LocalDelivery} for the server's own senders. The app owns
 * the listeners (TLS material, bindings); this owns the queue's lifecycle: {@link #start()} after
 * the store is open, {@link #close()} before it closes. Thread-safe.
 */
public final class SmtpService implements AutoCloseable {
    private final Supplier<SmtpSettings> settings;
    private final IpGroups ipGroups;
    private final MailQueue queue;
    private final SmtpServer server;
    private final PopBeforeSmtp popBeforeSmtp;
    private final LocalDelivery localDelivery;
    private final RemoteDelivery remote;
    private final OutboundGate gate;
    private final SieveScripts sieve;
    private final UserRules rules;
    private final MailingLists lists;
    private final ConnectionHandler manageSieve;
    private final Directory directory;

    /** @param sendOnlyOnSchedule remote delivery waits for a scheduled send ({@link #outboundGate()}) while this is true */
    public SmtpService(Supplier<SmtpSettings> settings, Supplier<String> hostName, Directory directory, AuthService auth,
                       IpGroups ipGroups, MailStore mailStore, Path dataDir, SecretBox secrets, InstantSource clock,
                       BooleanSupplier sendOnlyOnSchedule) throws IOException {
        this.settings = settings;
        this.ipGroups = ipGroups;
        this.directory = directory;
        this.queue = new MailQueue(new Spool(dataDir.resolve("queue")), () -> settings.get().queue(), hostName,
                dataDir.resolve("reports"), clock);
        this.remote = new RemoteDelivery(() -> settings.get().delivery(), secrets::openSetting, hostName);
        this.sieve = new SieveScripts(dataDir.resolve("sieve"));
        this.rules = new UserRules(sieve, new VacationResponder(dataDir.resolve("sieve-vacation"), queue, hostName, clock));
        this.lists = new MailingLists(dataDir.resolve("lists"), directory);
        ListProcessor listProcessor = new ListProcessor(lists, queue, mailStore, dataDir.resolve("lists").resolve("pending"), hostName, clock);
        this.gate = new OutboundGate(sendOnlyOnSchedule);
        this.queue.deliverWith(new Router(directory, mailStore, queue, remote, gate, rules, lists, listProcessor, settings, hostName, clock));
        this.popBeforeSmtp = new PopBeforeSmtp(clock);
        this.server = new SmtpServer(settings, hostName, directory, auth, ipGroups, queue, remote::resolver, popBeforeSmtp, lists, clock);
        this.localDelivery = new QueuedLocalDelivery(queue);
        this.manageSieve = ManageSieveService.handler(auth, sieve, hostName);
        ipGroups.registerUsage(g -> g.equalsIgnoreCase(String.valueOf(settings.get().relayIpGroup()))
                || g.equalsIgnoreCase(String.valueOf(settings.get().trustedIpGroup())));
    }

    /**
     * Creates the relay IP group named by the settings with only the server's own addresses when it
     * does not exist yet (the secure default: nobody else relays until an admin adds them), then
     * recovers the queue and starts delivering.
     */
    public void start() throws IOException {
        String group = settings.get().relayIpGroup();
        if (group != null && ipGroups.get(group).isEmpty()) {
            ipGroups.put(Actor.SERVER, new IpGroup(group, "Hosts that may send mail through this server without logging in",
                    List.of("127.0.0.1", "::1")));
        }
        queue.start();
        LogKind.debug("smtp-queue", "queue started with {} message(s)", queue.size());
    }

    /**
     * Email archiving: accepted messages go to {@code archive} (and the remote archive address) as {@code archiving}
     * says at the time; a message's period is its arrival day in the server's {@code zone}.
     */
    public void archiveWith(Supplier<ArchiveSettings> archiving, MailArchive archive, Supplier<ZoneId> zone) {
        queue.archiveWith(new Archiving(archiving, archive, d -> directory.canonicalDomain(d).isPresent(), zone));
    }

    /** ManageSieve (RFC 5804, port 4190; STARTTLS like SMTP): users manage their Sieve rules remotely. */
    public ConnectionHandler manageSieveHandler() { return manageSieve; }

    /** The connection handler for a listener of this kind (the listener does implicit TLS for 465). */
    public ConnectionHandler handler(SmtpPort port) { return server.handler(port); }

    /** Admin view and operations (list, inspect, delete, retry now). */
    public MailQueue queue() { return queue; }

    /** For the PBX, notices and other in-server senders. */
    public LocalDelivery localDelivery() { return localDelivery; }

    /** The POP3 service reports logins here for POP-before-SMTP relay. */
    public PopBeforeSmtp popBeforeSmtp() { return popBeforeSmtp; }

    public RemoteDelivery remoteDelivery() { return remote; }

    /** Holds remote delivery between scheduled sends when the administrator chose dial-up style sending. */
    public OutboundGate outboundGate() { return gate; }

    /** Mailing lists (guide part 1 §19): create, change, remove, CSV import of members. */
    public MailingLists mailingLists() { return lists; }

    /** Users' Sieve rules (RFC 5228) and out-of-office (RFC 5230), by directory user id. */
    public SieveScripts sieveScripts() { return sieve; }

    /** Users' rules for incoming messages (the guide's rule model) and out-of-office, compiled to Sieve. */
    public UserRules userRules() { return rules; }

    @Override
    public void close() {
        queue.close();
    }
}
