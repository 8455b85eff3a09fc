package org.switchboard.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Supplier;
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
import org.switchboard.core.directory.Quota;
import org.switchboard.imap.codec.ImapLimits;
import org.switchboard.store.H2MetadataStore;
import org.switchboard.store.mail.MailStore;

/**
 * The real core services for tests: a directory in an H2 file under a temp dir with the domain
 * example.com and the users alice, bob and carol (no limits) and erin (1 MiB, 100 messages), the AuthService every login goes through, and an
 * {@link ImapService} over whatever mail store the test brings.
 */
final class ImapFixture implements AutoCloseable {
    static final String PASSWORD = "Correct-Horse-42";

    final Path dir;
    final H2MetadataStore metadata;
    final Directory directory;
    final AuthService auth;
    volatile SecuritySettings security = SecuritySettings.SECTION.defaults();

    ImapFixture() {
        try {
            dir = Files.createTempDirectory("imap-fixture");
            metadata = H2MetadataStore.open(dir.resolve("db"));
            InstantSource clock = InstantSource.system();
            Supplier<SecuritySettings> settings = () -> security;
            IpGroups ipGroups = new IpGroups(metadata);
            PasswordHasher hasher = new PasswordHasher();
            PasswordCredentials credentials = new PasswordCredentials(hasher, SecretBox.openOrCreate(dir.resolve("secrets.key")), clock, settings);
            directory = new Directory(metadata, credentials, clock);
            AccessPolicies policies = new AccessPolicies(metadata, ipGroups, name -> false);
            Lockout lockout = new Lockout(clock, settings, ipGroups::contains);
            auth = new AuthService(directory, policies, lockout, hasher, credentials, metadata, clock, settings);
            directory.addDomain(Actor.SERVER, NewDomain.named("example.com"));
            for (String user : new String[] {"alice", "bob", "carol"}) {
                directory.addUser(Actor.SERVER, NewUser.of(user + "@example.com", PASSWORD, user));
            }
            directory.addUser(Actor.SERVER, new NewUser("erin@example.com", PASSWORD, "erin", null, null, null, null, null,
                    new Quota(1024 * 1024, 100, 90), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ImapService service(MailStore store) {
        return service(store, ImapLimits.DEFAULTS);
    }

    ImapService service(MailStore store, ImapLimits limits) {
        return new ImapService(new ImapContext(store, auth, () -> security, "mail.example.com", limits, InstantSource.system(), new org.switchboard.core.session.ConnectedSessions(InstantSource.system())));
    }

    String userId(String name) {
        return directory.user(name + "@example.com").orElseThrow().id();
    }

    @Override
    public void close() {
        metadata.close();
    }
}
