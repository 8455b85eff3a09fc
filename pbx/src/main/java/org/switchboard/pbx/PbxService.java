package org.switchboard.pbx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.PasswordHasher;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.mail.LocalDelivery;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.core.store.MetadataStore;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.pbx.call.CallHistory;
import org.switchboard.pbx.call.Calls;
import org.switchboard.pbx.extension.DialPlanEntry;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.Extensions;
import org.switchboard.pbx.media.MediaClock;
import org.switchboard.pbx.media.RtpPorts;
import org.switchboard.pbx.registrar.DigestAuthenticator;
import org.switchboard.pbx.registrar.Location;
import org.switchboard.pbx.registrar.Registrar;
import org.switchboard.pbx.registrar.SipAuthentication;
import org.switchboard.pbx.sip.Scheduler;
import org.switchboard.pbx.sip.SystemScheduler;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.transaction.TimerValues;
import org.switchboard.pbx.sip.transaction.TransactionLayer;
import org.switchboard.pbx.sip.transport.SipTransports;
import org.switchboard.pbx.sip.transport.Transport;
import org.switchboard.pbx.voicemail.Mailboxes;
import org.switchboard.pbx.voicemail.Voicemail;

/**
 * The telephone exchange as the application wires it: extensions (always available to the admin API), and when
 * started the SIP stack on UDP+TCP {@code sipPort} and TLS {@code sipsPort} (plus the port offset), registrar,
 * B2BUA with RTP relay, voicemail, call history. start() and stop() are serialized; stop releases every port.
 */
public final class PbxService {
    private final Supplier<PbxSettings> settings;
    private final AuthService auth;
    private final IpGroups ipGroups;
    private final SSLContext tls;
    private final int portOffset;
    private final InstantSource clock;
    private final Supplier<ServerSettings> server;
    private final Extensions extensions;
    private final Location location;
    private final CallHistory history;
    private final Voicemail voicemail;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private Running running;

    private record Running(ExecutorService executor, SystemScheduler scheduler, SipTransports transports, List<TcpListener> listeners,
                           Calls calls, RtpPorts ports, Scheduler.Timer sweep, MediaClock media) {}

    /**
     * @param server      for the host name used as digest realm when the exchange settings leave it empty
     * @param secrets     seals SIP passwords, which digest needs in clear
     * @param tls         server certificate for SIP over TLS; null disables TLS
     * @param portOffset  added to every SIP and RTP port (several instances on one machine)
     * @param mail        the server's own mail delivery: voicemail messages reach their owners' mailboxes through it
     * @param voicemailDir where voicemail messages and personal greetings are kept, one directory per extension
     */
    public PbxService(Supplier<PbxSettings> settings, Supplier<ServerSettings> server, Directory directory, AuthService auth, IpGroups ipGroups,
                      MetadataStore store, SecretBox secrets, SSLContext tls, int portOffset, InstantSource clock, LocalDelivery mail,
                      Path voicemailDir) {
        this.settings = settings;
        this.server = server;
        this.auth = auth;
        this.ipGroups = ipGroups;
        this.tls = tls;
        this.portOffset = portOffset;
        this.clock = clock;
        this.extensions = new Extensions(store, secrets, new PasswordHasher(), directory, this::reservedNumbers);
        this.location = new Location(clock);
        this.history = new CallHistory(store);
        this.voicemail = new Voicemail(new Mailboxes(voicemailDir), extensions, mail, auth, settings, server, clock);
    }

    /** Stored voicemail messages and greetings (admin view, MyPhone later). */
    public Mailboxes voicemail() { return voicemail.mailboxes(); }

    public Extensions extensions() { return extensions; }

    public CallHistory history() { return history; }

    /**
     * Sets an extension's number of manually configured phones (guide ch. 16); phones registered under a generated
     * name that went away lose their registration at once rather than when it expires.
     */
    public Extension setPhones(Actor actor, String number, int phones) {
        Extension x = extensions.setPhones(actor, number, phones);
        location.update(number, current -> current.stream().filter(b -> x.hasSipUser(b.authUser())).toList());
        return x;
    }

    /** Current registrations (admin view: extension, contact, source, expiry, user agent). */
    public List<org.switchboard.pbx.registrar.Binding> registrations() { return location.all(); }

    public List<Calls.ActiveCall> activeCalls() {
        Running r = running;
        return r == null ? List.of() : r.calls().active();
    }

    private List<DialPlanEntry> reservedNumbers() {
        PbxSettings s = settings.get();
        List<DialPlanEntry> l = new ArrayList<>();
        if (!s.voicemailNumber().isEmpty()) l.add(new DialPlanEntry(s.voicemailNumber(), DialPlanEntry.VOICEMAIL, "Voicemail"));
        if (!s.voicemailPrefix().isEmpty()) l.add(new DialPlanEntry(s.voicemailPrefix(), DialPlanEntry.VOICEMAIL_PREFIX, "Direct voicemail prefix"));
        return l;
    }

    private boolean admitted(InetAddress address) {
        if (auth.lockout().isBlocked(SipAuthentication.SERVICE, address)) return false;
        String group = settings.get().allowedIpGroup();
        return group.isEmpty() || ipGroups.contains(group, address);
    }

    private String realm() {
        String r = settings.get().realm();
        return r.isEmpty() ? server.get().hostName() : r;
    }

    public void start() throws IOException {
        lifecycle.lock();
        try {
            if (running != null) return;
            PbxSettings s = settings.get();
            if (!s.enabled()) return;
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            SystemScheduler scheduler = new SystemScheduler();
            SipTransports[] transports = new SipTransports[1];
            TransactionLayer layer = new TransactionLayer((m, f) -> transports[0].send(m, f), scheduler, executor, TimerValues.DEFAULT);
            transports[0] = new SipTransports(SipLimits.DEFAULT, this::admitted, layer::receive);
            // The offset moves the RTP range too, unless that would run past port 65535: then the
            // configured range is used as it is (an instance that far up shares no other ports with it).
            int rtpOffset = s.rtpPortMax() + portOffset <= 65535 ? portOffset : 0;
            if (rtpOffset != portOffset) {
                LogKind.WARNING.log("RTP ports {}-{} plus port offset {} would pass 65535; using {}-{}", s.rtpPortMin(), s.rtpPortMax(),
                        portOffset, s.rtpPortMin(), s.rtpPortMax());
            }
            RtpPorts ports = new RtpPorts(s.listenAddress(), s.rtpPortMin() + rtpOffset, s.rtpPortMax() + rtpOffset);
            DigestAuthenticator digest = new DigestAuthenticator(clock, this::realm, () -> settings.get().digestAlgorithms());
            SipAuthentication authentication = new SipAuthentication(digest, extensions, auth);
            MediaClock media = new MediaClock();
            Calls calls = new Calls(authentication, extensions, location, layer, scheduler, executor, settings, () -> ports, history, clock,
                    voicemail, media);
            layer.setUser(new SipRouter(new Registrar(authentication, location, settings, clock), calls));
            List<TcpListener> listeners = new ArrayList<>();
            try {
                transports[0].openUdp(new InetSocketAddress(s.listenAddress(), s.sipPort() + portOffset));
                TcpListener tcp = new TcpListener(listener("sip-tcp", s.listenAddress(), s.sipPort() + portOffset, TlsMode.NONE), null,
                        transports[0].streamHandler(Transport.TCP));
                tcp.start();
                listeners.add(tcp);
                if (tls != null && s.sipsPort() > 0) {
                    TcpListener tlsListener = new TcpListener(listener("sip-tls", s.listenAddress(), s.sipsPort() + portOffset, TlsMode.IMPLICIT), tls,
                            transports[0].streamHandler(Transport.TLS));
                    tlsListener.start();
                    listeners.add(tlsListener);
                }
            } catch (IOException | RuntimeException e) {
                listeners.forEach(l -> l.stop(Duration.ZERO));
                transports[0].close();
                scheduler.close();
                media.close();
                executor.shutdownNow();
                throw e;
            }
            Scheduler.Timer sweep = every(scheduler, executor, Duration.ofMinutes(1), location::sweep);
            running = new Running(executor, scheduler, transports[0], listeners, calls, ports, sweep, media);
            LogKind.debug("sip", "exchange listening on {} port {} (UDP, TCP){}", s.listenAddress(), s.sipPort() + portOffset,
                    listeners.size() > 1 ? " and " + (s.sipsPort() + portOffset) + " (TLS)" : "");
        } finally {
            lifecycle.unlock();
        }
    }

    /** UDP port actually bound (tests bind port 0 through the offset-free settings). */
    public int udpPort() {
        Running r = running;
        return r == null ? -1 : r.transports().udpTransports().get(0).local().getPort();
    }

    /** TCP and TLS ports actually bound, in that order (TLS absent when not configured). */
    public List<Integer> streamPorts() {
        Running r = running;
        return r == null ? List.of() : r.listeners().stream().map(l -> l.boundAddresses().get(0).getPort()).toList();
    }

    public void stop() {
        lifecycle.lock();
        try {
            Running r = running;
            if (r == null) return;
            running = null;
            r.sweep().cancel();
            r.listeners().forEach(l -> l.stop(Duration.ofSeconds(2)));
            r.transports().close();
            r.scheduler().close();
            r.media().close();
            r.executor().shutdownNow();
        } finally {
            lifecycle.unlock();
        }
    }

    private static Scheduler.Timer every(Scheduler scheduler, java.util.concurrent.Executor executor, Duration period, Runnable task) {
        Scheduler.Timer[] current = new Scheduler.Timer[1];
        boolean[] cancelled = {false};
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (cancelled[0]) return;
            task.run();
            current[0] = scheduler.schedule(period, executor, loop[0]);
        };
        current[0] = scheduler.schedule(period, executor, loop[0]);
        return () -> {
            cancelled[0] = true;
            current[0].cancel();
        };
    }

    private static ListenerSettings listener(String name, String address, int port, TlsMode mode) {
        // SIP connections stay open between registrations (RFC 5626 keep-alives every ~2 min): a 5 minute idle limit.
        return new ListenerSettings(name, true, List.of(new Binding(address, port, mode)), null, 0, 0, Duration.ofMinutes(5), 65_536);
    }
}
