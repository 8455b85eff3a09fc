package org.switchboard.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.AccessPolicies;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.auth.Lockout;
import org.switchboard.core.auth.PasswordCredentials;
import org.switchboard.core.auth.PasswordHasher;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.auth.SecuritySettings;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.NewAlias;
import org.switchboard.core.directory.NewDomain;
import org.switchboard.core.directory.NewGroup;
import org.switchboard.core.directory.NewUser;
import org.switchboard.core.tls.TlsMaterial;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.smtp.server.SmtpPort;
import org.switchboard.store.H2MetadataStore;
import org.switchboard.store.mail.MailStore;

/**
 * A running SMTP service on loopback with real core services (H2 store, directory, auth) and a
 * fake mail store: domain example.test (primary) with users alice and bob, a group "team"
 * (alice, bob), aliases info -> alice, ext -> someone@remote.test, pub -> #public/Info,
 * and a catch-all in catchall.test (user carol). Settings are mutable per test. Close it to stop everything and delete the data.
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "Secret-pass-123";

    public final Path dir;
    /** Tests never ask the machine's resolver: nothing answers on this port, so lookups fail fast. */
    public static final SmtpSettings DEFAULTS = SmtpSettings.DEFAULTS.withDelivery(new SmtpSettings.Delivery("127.0.0.1:1", 25, 5, 30, null));

    public final AtomicReference<SmtpSettings> smtp = new AtomicReference<>(DEFAULTS);
    public final AtomicReference<SecuritySettings> security = new AtomicReference<>(SecuritySettings.SECTION.defaults());
    /** Dial-up style sending (guide part 1 §29): remote mail waits for a scheduled send while true. */
    public final java.util.concurrent.atomic.AtomicBoolean sendOnlyOnSchedule = new java.util.concurrent.atomic.AtomicBoolean();
    public final MutableClock clock = new MutableClock(Instant.now());
    public final H2MetadataStore store;
    public final Directory directory;
    public final IpGroups ipGroups;
    public final AuthService auth;
    public final FakeMailStore mail = new FakeMailStore();
    public final SmtpService service;
    public final SSLContext tls;
    public final SecretBox secrets;
    private final Map<SmtpPort, TcpListener> listeners = new EnumMap<>(SmtpPort.class);

    public TestServer() throws IOException {
        this(Files.createTempDirectory("smtp-test"), true);
    }

    public TestServer(Path dir, boolean createDirectory) throws IOException {
        this(dir, createDirectory, DEFAULTS);
    }

    public TestServer(Path dir, boolean createDirectory, SmtpSettings initial) throws IOException {
        this(dir, createDirectory, initial, null);
    }

    /** Delivers into {@code mailStore} instead of the fake {@link #mail} when it is given (benchmarks). */
    public TestServer(Path dir, boolean createDirectory, SmtpSettings initial, MailStore mailStore) throws IOException {
        this.dir = dir;
        smtp.set(initial);
        store = H2MetadataStore.open(dir.resolve("db"));
        PasswordHasher hasher = new PasswordHasher();
        secrets = SecretBox.openOrCreate(dir.resolve("secrets.key"));
        PasswordCredentials credentials = new PasswordCredentials(hasher, secrets, clock, security::get);
        directory = new Directory(store, credentials, clock);
        ipGroups = new IpGroups(store);
        AccessPolicies policies = new AccessPolicies(store, ipGroups, name -> false);
        Lockout lockout = new Lockout(clock, security::get, ipGroups::contains);
        auth = new AuthService(directory, policies, lockout, hasher, credentials, store, clock, security::get);
        if (createDirectory && directory.domains().isEmpty()) {
            directory.addDomain(Actor.SERVER, NewDomain.named("example.test"));
            directory.addDomain(Actor.SERVER, NewDomain.named("catchall.test"));
            directory.addUser(Actor.SERVER, NewUser.of("alice@example.test", PASSWORD, "Alice"));
            directory.addUser(Actor.SERVER, NewUser.of("bob@example.test", PASSWORD, "Bob"));
            directory.addUser(Actor.SERVER, NewUser.of("carol@catchall.test", PASSWORD, "Carol"));
            directory.addGroup(Actor.SERVER, new NewGroup("team@example.test", null, List.of("team"), List.of("alice", "bob"), null));
            directory.addAlias(Actor.SERVER, new NewAlias("info@example.test", "alice", null));
            directory.addAlias(Actor.SERVER, new NewAlias("ext@example.test", "someone@remote.test", null));
            directory.addAlias(Actor.SERVER, new NewAlias("pub@example.test", "#public/Info", null));
            directory.addAlias(Actor.SERVER, new NewAlias("*@catchall.test", "carol", null));
        }
        tls = TlsMaterial.loadOrCreate(dir.resolve("certs"), "localhost").sslContext();
        service = new SmtpService(smtp::get, () -> "mx.example.test", directory, auth, ipGroups, mailStore != null ? mailStore : mail,
                dir, secrets, clock, sendOnlyOnSchedule::get);
        service.start();
        for (SmtpPort p : SmtpPort.values()) {
            TcpListener l = new TcpListener(new ListenerSettings(p.service, true,
                    List.of(new Binding("127.0.0.1", 0, p == SmtpPort.SMTPS ? TlsMode.IMPLICIT : TlsMode.NONE)),
                    null, 0, 0, Duration.ofSeconds(30), 12288), tls, service.handler(p));
            l.start();
            listeners.put(p, l);
        }
    }

    public int port(SmtpPort p) { return listeners.get(p).boundAddresses().getFirst().getPort(); }

    public InetSocketAddress address(SmtpPort p) { return new InetSocketAddress("127.0.0.1", port(p)); }

    public void settings(UnaryOperator<SmtpSettings> change) { smtp.updateAndGet(change); }

    public String userId(String address) { return directory.user(address).orElseThrow().id(); }

    /** Stops listeners and queue, keeps the data (a restart test opens a new server on the same dir). */
    public void stop() {
        listeners.values().forEach(l -> l.stop(Duration.ofSeconds(1)));
        service.close();
        store.close();
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A clock tests move forward to drive retry, warning and bounce times. */
    public static final class MutableClock implements InstantSource {
        private volatile Instant now;

        MutableClock(Instant start) { this.now = start; }

        @Override
        public Instant instant() { return now; }

        public void advance(Duration d) { now = now.plus(d); }
    }
}
