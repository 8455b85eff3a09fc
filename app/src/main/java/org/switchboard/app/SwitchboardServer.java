package org.switchboard.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.AccessPolicies;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.Lockout;
import org.switchboard.core.auth.PasswordCredentials;
import org.switchboard.core.auth.PasswordHasher;
import org.switchboard.core.auth.PasswordReminders;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.auth.SecuritySettings;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.definitions.TimeRanges;
import org.switchboard.core.directory.CleanOutPolicies;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.mail.ArchiveSettings;
import org.switchboard.core.mail.LocalDelivery;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.log.LogSettings;
import org.switchboard.core.log.LogSystem;
import org.switchboard.core.settings.AdminSettings;
import org.switchboard.core.settings.Section;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.core.settings.ServiceSettings;
import org.switchboard.core.settings.ServicesSettings;
import org.switchboard.core.settings.Settings;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.pop3.Pop3Service;
import org.switchboard.imap.ImapContext;
import org.switchboard.imap.ImapService;
import org.switchboard.imap.codec.ImapLimits;
import org.switchboard.store.mail.ArchiveFolders;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;
import org.switchboard.core.tls.TlsMaterial;
import org.switchboard.store.H2MetadataStore;
import org.switchboard.web.ServerCertificate;
import org.switchboard.web.WebServer;
import org.switchboard.web.api.AdminApi;
import org.switchboard.web.api.ApiContext;
import org.switchboard.web.api.ApiHandler;
import org.switchboard.web.api.MailRoutes;
import org.switchboard.web.api.PbxRoutes;
import org.switchboard.web.api.DeliveryRoutes;
import org.switchboard.web.api.MailingListRoutes;
import org.switchboard.web.api.QueueRoutes;
import org.switchboard.web.api.RuleRoutes;
import org.switchboard.smtp.SmtpService;
import org.switchboard.smtp.SmtpSettings;
import org.switchboard.smtp.fetch.FetchService;
import org.switchboard.smtp.fetch.FetchSettings;
import org.switchboard.smtp.server.SmtpPort;
import org.switchboard.pbx.PbxService;
import org.switchboard.pbx.PbxSettings;
import java.io.IOException;
import org.switchboard.web.api.Sessions;
import org.switchboard.web.console.Console;
import org.switchboard.web.console.Sampler;

/**
 * Builds the server by hand from its parts (no reflection wiring) and owns their lifecycle:
 * data directory, logs, store, settings, directory and auth, TLS, then the listeners.
 * {@link #stop} stops accepting first, lets requests in flight finish, then closes the store.
 */
public final class SwitchboardServer {
    static final Section<LogSettings> LOGS = new Section<>("logs", LogSettings.class, LogSettings.defaults(), s -> {});
    static final Section<ServicesSettings> SERVICES = ServicesSettings.section(ServiceCatalog.defaults());

    private final H2MetadataStore store;
    private final EmbeddedMailStore mail;
    private final ProtocolListeners protocols;
    private final PbxService pbx;
    private final SmtpService smtp;
    private final FetchService fetch;
    private final LogSystem logs;
    private final WebServer web;
    private final ScheduledExecutorService timers;
    private final Settings settings;
    private final Directory directory;

    private SwitchboardServer(H2MetadataStore store, EmbeddedMailStore mail, ProtocolListeners protocols, PbxService pbx, SmtpService smtp,
                              FetchService fetch, LogSystem logs, WebServer web, ScheduledExecutorService timers, Settings settings, Directory directory) {
        this.store = store;
        this.mail = mail;
        this.protocols = protocols;
        this.pbx = pbx;
        this.smtp = smtp;
        this.fetch = fetch;
        this.logs = logs;
        this.web = web;
        this.timers = timers;
        this.settings = settings;
        this.directory = directory;
    }

    public static SwitchboardServer start(Path dataDir, int portOffset, String adminPassword, PrintStream console) throws Exception {
        Path data = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(data);
        InstantSource clock = InstantSource.system();
        H2MetadataStore store = H2MetadataStore.open(data.resolve("db"));
        Settings settings = new Settings(store);
        settings.register(ServerSettings.SECTION);
        settings.register(AdminSettings.SECTION);
        settings.register(SecuritySettings.SECTION);
        settings.register(SERVICES);
        addNewServices(settings);
        settings.register(LOGS);
        settings.register(PbxSettings.SECTION);
        settings.register(SmtpSettings.SECTION);
        settings.register(ArchiveSettings.SECTION);
        settings.register(FetchSettings.SECTION);
        LogSystem logs = LogSystem.configure(data.resolve("logs"), settings.get(LOGS), true);
        settings.onChange(LOGS, logs::apply);

        IpGroups ipGroups = new IpGroups(store);
        TimeRanges timeRanges = new TimeRanges(store);
        SecretBox secrets = SecretBox.openOrCreate(data.resolve("secrets.key"));
        PasswordHasher hasher = new PasswordHasher();
        PasswordCredentials credentials = new PasswordCredentials(hasher, secrets, clock, () -> settings.get(SecuritySettings.SECTION));
        Directory directory = new Directory(store, credentials, clock);
        AccessPolicies policies = new AccessPolicies(store, ipGroups,
                name -> directory.users(null).stream().anyMatch(u -> u.accessPolicy().equalsIgnoreCase(name)));
        Lockout lockout = new Lockout(clock, () -> settings.get(SecuritySettings.SECTION), ipGroups::contains);
        AuthService auth = new AuthService(directory, policies, lockout, hasher, credentials, store, clock, () -> settings.get(SecuritySettings.SECTION));
        checkGroupsExist(settings, ipGroups);

        if (!auth.builtinAdminExists()) {
            boolean generated = adminPassword == null || adminPassword.isBlank();
            String password = generated ? generatePassword() : adminPassword;
            auth.setBuiltinAdminPassword(Actor.SERVER, password);
            console.println(generated
                    ? "Created the built-in administrator 'Admin' with the password: " + password + "\n(shown only this once; set SWITCHBOARD_ADMIN_PASSWORD before the first start to choose it)"
                    : "Created the built-in administrator 'Admin' with the password from SWITCHBOARD_ADMIN_PASSWORD.");
        }

        ServerSettings server = settings.get(ServerSettings.SECTION);
        TlsMaterial tls = TlsMaterial.loadOrCreate(data.resolve("certs"), server.hostName());

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        Gauge.builder("switchboard_domains", () -> directory.domains().size()).register(metrics);
        Gauge.builder("switchboard_users", () -> directory.users(null).size()).register(metrics);
        Gauge.builder("switchboard_blocked_addresses", () -> lockout.blocks().size()).register(metrics);

        EmbeddedMailStore mail = EmbeddedMailStore.open(data, new DirectoryQuota(directory), clock);
        ConnectedSessions connected = new ConnectedSessions(clock);
        settings.addCheck(SmtpSettings.SECTION, s -> {
            for (String g : new String[] {s.relayIpGroup(), s.trustedIpGroup()}) {
                if (g != null && !g.isBlank() && ipGroups.get(g).isEmpty() && !g.equals(SmtpSettings.SECTION.defaults().relayIpGroup())) {
                    throw new IllegalArgumentException("no IP address group named " + g);
                }
            }
        });
        settings.beforeSave(SmtpSettings.SECTION, s -> s.withSmarthostPassword(secrets::sealSetting));
        // A password saved before sealing existed is sealed now, so the store stops holding it in clear.
        SmtpSettings stored = settings.get(SmtpSettings.SECTION);
        if (stored.withSmarthostPassword(secrets::sealSetting) != stored) settings.update(Actor.SERVER, SmtpSettings.SECTION, stored);
        SmtpService smtp = new SmtpService(() -> settings.get(SmtpSettings.SECTION), () -> settings.get(ServerSettings.SECTION).hostName(),
                directory, auth, ipGroups, mail, data, secrets, clock, () -> settings.get(FetchSettings.SECTION).sendOnlyOnSchedule());
        smtp.archiveWith(() -> settings.get(ArchiveSettings.SECTION), new ArchiveFolders(mail),
                () -> java.time.ZoneId.of(settings.get(ServerSettings.SECTION).timeZone()));
        smtp.start();
        FetchService fetch = new FetchService(store, () -> settings.get(FetchSettings.SECTION), secrets, timeRanges,
                () -> ZoneId.of(settings.get(ServerSettings.SECTION).timeZone()), smtp.queue(), smtp.outboundGate(),
                () -> settings.get(ServerSettings.SECTION).hostName(), data, clock);
        fetch.start();
        LocalDelivery localDelivery = smtp.localDelivery();
        CleanOutPolicies cleanOut = new CleanOutPolicies(store, directory);
        CleanOutJob cleanOutJob = new CleanOutJob(directory, cleanOut, mail);
        ProtocolListeners protocols = new ProtocolListeners(() -> settings.get(SERVICES), ipGroups, tls.sslContext(), portOffset);
        Pop3Service pop3 = new Pop3Service(auth, directory, mail, connected, () -> settings.get(SecuritySettings.SECTION), server.hostName());
        protocols.add(ServiceCatalog.POP3, pop3);
        protocols.add(ServiceCatalog.POP3S, pop3);
        ImapService imap = new ImapService(new ImapContext(mail, auth, () -> settings.get(SecuritySettings.SECTION), server.hostName(),
                ImapLimits.DEFAULTS, clock, connected));
        protocols.add(ServiceCatalog.IMAP, imap.handler());
        protocols.add(ServiceCatalog.IMAPS, imap.handler());
        pop3.onLogin(smtp.popBeforeSmtp()::loggedIn);
        protocols.add(ServiceCatalog.SMTP, smtp.handler(SmtpPort.MX));
        protocols.add(ServiceCatalog.SUBMISSION, smtp.handler(SmtpPort.SUBMISSION));
        protocols.add(ServiceCatalog.SMTPS, smtp.handler(SmtpPort.SMTPS));
        protocols.add(ServiceCatalog.MANAGESIEVE, smtp.manageSieveHandler());
        protocols.startAll();

        PbxService pbx = new PbxService(() -> settings.get(PbxSettings.SECTION), () -> settings.get(ServerSettings.SECTION),
                directory, auth, ipGroups, store, secrets, tls.sslContext(), portOffset, clock, localDelivery,
                data.resolve("voicemail"));
        ipGroups.registerUsage(g -> g.equalsIgnoreCase(settings.get(PbxSettings.SECTION).allowedIpGroup()));
        try {
            pbx.start();
        } catch (IOException e) {
            LogKind.ERROR.log("The telephone exchange could not start: {}", e.getMessage());
        }
        settings.onChange(PbxSettings.SECTION, changed -> Thread.ofVirtual().name("pbx-restart").start(() -> {
            pbx.stop();
            try {
                pbx.start();
            } catch (IOException e) {
                LogKind.ERROR.log("The telephone exchange could not restart with the new settings: {}", e.getMessage());
            }
        }));

        Sessions sessions = new Sessions(clock, () -> settings.get(AdminSettings.SECTION));
        WebServer[] webRef = new WebServer[1];
        ApiContext.Logs logView = new ApiContext.Logs() {
            @Override public List<String> tail(LogKind kind, int lines) { return logs.tail(kind, lines); }
            @Override public List<String> search(LogKind kind, String pattern, boolean regex, int limit) { return logs.search(kind, pattern, regex, limit); }
            @Override public void clear(LogKind kind) { logs.clear(kind); }
        };
        ServerCertificate certificate = new ServerCertificate(data.resolve("certs"), tls, () -> settings.get(ServerSettings.SECTION).hostName());
        ApiContext ctx = new ApiContext(directory, auth, ipGroups, timeRanges, policies, settings, sessions, logView,
                () -> {
                    List<ApiContext.ServiceStatus> all = new ArrayList<>(webRef[0].status());
                    all.addAll(protocols.status());
                    return all;
                }, certificate, clock);
        ApiHandler api = new ApiHandler(AdminApi.routes(ctx, concat(new MailRoutes().routes(directory, mail, connected, cleanOut, cleanOutJob::runNow),
                PbxRoutes.routes(pbx, directory), QueueRoutes.routes(smtp.queue()), MailingListRoutes.routes(smtp.mailingLists()),
                DeliveryRoutes.routes(fetch), RuleRoutes.routes(directory, smtp.userRules()))),
                sessions, () -> settings.get(AdminSettings.SECTION).maxRequestBytes());
        // Web console (issue 6): a view over the same context, sessions and route handlers as the API.
        Sampler sampler = new Sampler(clock, data, () -> ctx.services().get(), () -> lockout.blocks().size(),
                () -> new Sampler.Activity(connected.list().size(), pbx.registrations().size(),
                        pbx.activeCalls().size(), smtp.queue().size(), smtp.queue().received(), smtp.queue().completed()));
        Console adminConsole = new Console(ctx, api, sampler, Version.get());
        Instant started = clock.instant();
        WebServer web = new WebServer(certificate.sslContext(), api, adminConsole, metrics::scrape,
                () -> health(started, clock, webRef[0]), (service, addr) -> allowed(settings, ipGroups, service, addr), Version.get());
        webRef[0] = web;
        certificate.onReplace(web::replaceTls);
        ServicesSettings services = settings.get(SERVICES);
        web.start(webServices(services, portOffset));
        ServicesSettings[] lastServices = {services};
        settings.onChange(SERVICES, changed -> {
            ServicesSettings before = lastServices[0];
            lastServices[0] = changed;
            protocols.apply(before, changed);
            // The IP restriction is read per request; only listening changes need new connectors.
            if (connectorShape(before).equals(connectorShape(changed))) return;
            Thread.ofVirtual().name("services-restart").start(() -> {
                // After the reply to the request that changed them: the change may move the admin port itself.
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                try {
                    web.restart(webServices(changed, portOffset), Duration.ofSeconds(5));
                    LogKind.WARNING.log("Web services restarted with the new settings");
                } catch (Exception e) {
                    LogKind.ERROR.log("Cannot start the web services with the new settings, previous ones restored: {}", e.getMessage());
                }
            });
        });

        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timers");
            t.setDaemon(true);
            return t;
        });
        PasswordReminders reminders = new PasswordReminders(directory, clock,
                new MailNotices(localDelivery, () -> settings.get(ServerSettings.SECTION).hostName()));
        timers.scheduleAtFixedRate(reminders::run, 1, 60, TimeUnit.MINUTES);
        timers.scheduleAtFixedRate(lockout::sweep, 1, 1, TimeUnit.MINUTES);
        timers.scheduleAtFixedRate(mail::sweepDeleted, 10, 60, TimeUnit.MINUTES);
        timers.scheduleAtFixedRate(cleanOutJob, 20, 60, TimeUnit.MINUTES);
        timers.scheduleAtFixedRate(sampler::sample, 0, Sampler.INTERVAL.toSeconds(), TimeUnit.SECONDS);

        SwitchboardServer sb = new SwitchboardServer(store, mail, protocols, pbx, smtp, fetch, logs, web, timers, settings, directory);
        int adminPort = services.service(ServiceCatalog.ADMIN).listen().get(0).port() + portOffset;
        console.println("Switchboard " + Version.get() + " is running. Data: " + data);
        console.println("Administration: https://localhost:" + adminPort + "/admin  (API: https://localhost:" + adminPort + "/api/v1)");
        for (var st : web.status()) console.println("  " + st.name() + ": " + String.join(", ", st.listening()));
        console.println("  sip: udp+tcp " + (settings.get(PbxSettings.SECTION).sipPort() + portOffset) + ", tls "
                + (settings.get(PbxSettings.SECTION).sipsPort() + portOffset));
        for (var st : protocols.status()) {
            console.println("  " + st.name() + ": " + (st.error() != null ? "NOT RUNNING: " + st.error() : String.join(", ", st.listening())));
        }
        if (directory.domains().isEmpty()) {
            console.println("No domain yet. Create one:  ./switchboard admin" + (portOffset == 0 ? "" : " --port-offset " + portOffset)
                    + " domain add example.com");
        }
        LogKind.WARNING.log("Switchboard {} started (data {}, port offset {})", Version.get(), data, portOffset);
        return sb;
    }

    private static List<ServiceSettings> connectorShape(ServicesSettings services) {
        return webServices(services, 0).stream().map(w -> new ServiceSettings(w.settings().name(), w.settings().enabled(),
                w.settings().listen(), null, w.settings().maxConnections(), w.settings().idleTimeoutSeconds(),
                w.settings().maxLineLength())).toList();
    }

    private static List<WebServer.WebService> webServices(ServicesSettings services, int portOffset) {
        List<WebServer.WebService> out = new ArrayList<>();
        for (var s : services.services()) {
            if (List.of(ServiceCatalog.ADMIN, ServiceCatalog.HTTP, ServiceCatalog.HTTPS).contains(s.name())) {
                out.add(new WebServer.WebService(s, portOffset, s.name().equals(ServiceCatalog.ADMIN)));
            }
        }
        return out;
    }

    /** Admin: loopback always, others only from the service's IP group. Other services: everyone unless a group is set. */
    static boolean allowed(Settings settings, IpGroups groups, String service, InetAddress address) {
        var s = settings.get(SERVICES).services().stream().filter(x -> x.name().equals(service)).findFirst();
        if (s.isEmpty()) return false;
        String group = s.get().allowedIpGroup();
        if (ServiceCatalog.ADMIN.equals(service)) return address.isLoopbackAddress() || (group != null && groups.contains(group, address));
        return group == null || groups.contains(group, address);
    }

    private static Map<String, Object> health(Instant started, InstantSource clock, WebServer web) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "UP");
        h.put("version", Version.get());
        h.put("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds());
        h.put("services", web.status());
        return h;
    }

    private static void checkGroupsExist(Settings settings, IpGroups groups) {
        settings.addCheck(SERVICES, s -> {
            if (s.services().stream().noneMatch(x -> x.name().equals(ServiceCatalog.ADMIN) && x.enabled())) {
                throw new IllegalArgumentException("the admin service cannot be disabled: nobody could administer the server any more");
            }
            for (var d : ServiceCatalog.defaults()) {
                if (s.services().stream().noneMatch(x -> x.name().equals(d.name()))) {
                    throw new IllegalArgumentException("service " + d.name() + " is missing; disable it instead of removing it");
                }
            }
            for (var svc : s.services()) {
                if (ServiceCatalog.defaults().stream().noneMatch(d -> d.name().equals(svc.name()))) {
                    throw new IllegalArgumentException("unknown service " + svc.name());
                }
                if (svc.allowedIpGroup() != null && groups.get(svc.allowedIpGroup()).isEmpty()) {
                    throw new IllegalArgumentException(svc.name() + ": no IP address group named " + svc.allowedIpGroup());
                }
            }
        });
        groups.registerUsage(g -> settings.get(SERVICES).services().stream().anyMatch(x -> g.equalsIgnoreCase(String.valueOf(x.allowedIpGroup()))));
        settings.addCheck(SecuritySettings.SECTION, s -> {
            if (s.trustedIpGroup() != null && groups.get(s.trustedIpGroup()).isEmpty()) {
                throw new IllegalArgumentException("trustedIpGroup: no IP address group named " + s.trustedIpGroup());
            }
        });
        groups.registerUsage(g -> g.equalsIgnoreCase(String.valueOf(settings.get(SecuritySettings.SECTION).trustedIpGroup())));
    }

    private static String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }

    public void stop() {
        LogKind.WARNING.log("Switchboard stopping");
        protocols.stopAll(Duration.ofSeconds(10));
        pbx.stop();
        fetch.close();
        smtp.close();
        web.stop(Duration.ofSeconds(10));
        timers.shutdownNow();
        mail.close();
        store.close();
        logs.stop();
    }

    Settings settings() { return settings; }

    Directory directory() { return directory; }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) all.addAll(l);
        return all;
    }

    /** A newer build may know services the stored settings lack: they join with their defaults. */
    private static void addNewServices(Settings settings) {
        List<org.switchboard.core.settings.ServiceSettings> list = new ArrayList<>(settings.get(SERVICES).services());
        boolean added = false;
        for (var d : ServiceCatalog.defaults()) {
            if (list.stream().noneMatch(s -> s.name().equals(d.name()))) {
                list.add(d);
                added = true;
            }
        }
        if (added) settings.update(Actor.SERVER, SERVICES, new ServicesSettings(list));
    }
}
