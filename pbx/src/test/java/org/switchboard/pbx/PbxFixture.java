package org.switchboard.pbx;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
import org.switchboard.core.directory.NewDomain;
import org.switchboard.core.directory.NewUser;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.pbx.extension.NewExtension;

/**
 * A whole exchange on loopback for tests against real SIP peers: in-memory store, real directory, auth and
 * lockout, the exchange bound to 127.0.0.1 on a free UDP/TCP port and a test-sized RTP range.
 */
final class PbxFixture implements AutoCloseable {
    final MemoryMetadataStore store = new MemoryMetadataStore();
    final AtomicReference<SecuritySettings> security = new AtomicReference<>(SecuritySettings.SECTION.defaults());
    final AtomicReference<PbxSettings> settings;
    final Directory directory;
    final AuthService auth;
    final PbxService pbx;
    /** System time plus an offset the test can move forward (block expiry without waiting minutes). */
    final AtomicReference<java.time.Duration> skew = new AtomicReference<>(java.time.Duration.ZERO);
    final InstantSource clock = () -> java.time.Instant.now().plus(skew.get());
    /** What the exchange handed to the server's mail delivery (voicemail e-mails). */
    final List<Delivered> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Path voicemailDir;

    record Delivered(String recipient, String envelopeFrom, byte[] message) {}

    PbxFixture(int sipPort, int rtpMin) throws Exception {
        this(sipPort, rtpMin, false);
    }

    /** With {@code tls}, a self-signed certificate and SIP over TLS on a free port. */
    PbxFixture(int sipPort, int rtpMin, boolean tls) throws Exception {
        PbxSettings d = PbxSettings.SECTION.defaults();
        int tlsPort = 0;
        if (tls) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                tlsPort = probe.getLocalPort();
            }
        }
        settings = new AtomicReference<>(new PbxSettings(true, "127.0.0.1", sipPort, tlsPort, "switchboard.test", List.of("MD5", "SHA-256"), "",
                rtpMin, rtpMin + 199, d.minExpires(), d.maxExpires(), 30, d.maxContacts(), "", "50", "*9", 60, ""));
        Path dir = Files.createTempDirectory("pbx-test");
        voicemailDir = dir.resolve("voicemail");
        org.switchboard.core.mail.LocalDelivery mail = (recipient, envelopeFrom, message) -> {
            delivered.add(new Delivered(recipient, envelopeFrom, message.readAllBytes()));
            return new org.switchboard.core.mail.LocalDelivery.Outcome(recipient, "captured by the test");
        };
        SecretBox secrets = SecretBox.openOrCreate(dir.resolve("secrets.key"));
        PasswordHasher hasher = new PasswordHasher();
        PasswordCredentials credentials = new PasswordCredentials(hasher, secrets, clock, security::get);
        directory = new Directory(store, credentials, clock);
        IpGroups ipGroups = new IpGroups(store);
        AccessPolicies policies = new AccessPolicies(store, ipGroups, name -> false);
        Lockout lockout = new Lockout(clock, security::get, ipGroups::contains);
        auth = new AuthService(directory, policies, lockout, hasher, credentials, store, clock, security::get);
        directory.addDomain(Actor.SERVER, NewDomain.named("example.com"));
        pbx = new PbxService(settings::get, () -> new ServerSettings("switchboard.test", "en", "UTC"), directory, auth, ipGroups, store,
                secrets, tls ? org.switchboard.core.tls.TlsMaterial.loadOrCreate(dir.resolve("certs"), "switchboard.test").sslContext() : null,
                0, clock, mail, voicemailDir);
    }

    void user(String address, String fullName) {
        directory.addUser(Actor.SERVER, NewUser.of(address, "Mail-Passw0rd!", fullName));
    }

    void extension(String number, String owner, String password) {
        pbx.extensions().add(Actor.SERVER, NewExtension.of(number, owner, password));
    }

    boolean blocked(String ip) throws Exception {
        return auth.lockout().isBlocked("sip", InetAddress.getByName(ip));
    }

    @Override
    public void close() {
        pbx.stop();
    }
}
