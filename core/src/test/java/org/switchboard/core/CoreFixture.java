package org.switchboard.core;

import java.io.IOException;
import java.nio.file.Path;
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
import org.switchboard.core.directory.User;
import org.switchboard.core.session.ConnectedSessions;
import org.switchboard.core.store.MemoryMetadataStore;

/**
 * The core services wired as the app wires them, over an in-memory metadata store, for
 * protocol modules' tests: directory, auth with lockout and policies, sessions registry.
 * {@link #security} is mutable so a test can flip settings.
 */
public final class CoreFixture {
    public final MemoryMetadataStore meta = new MemoryMetadataStore();
    public final TestClock clock = new TestClock();
    public volatile SecuritySettings security = SecuritySettings.SECTION.defaults();
    public final IpGroups ipGroups = new IpGroups(meta);
    public final PasswordHasher hasher = new PasswordHasher();
    public final PasswordCredentials credentials;
    public final Directory directory;
    public final AccessPolicies policies;
    public final Lockout lockout;
    public final AuthService auth;
    public final ConnectedSessions sessions;

    public CoreFixture(Path dir) throws IOException {
        credentials = new PasswordCredentials(hasher, SecretBox.openOrCreate(dir.resolve("secrets.key")), clock, () -> security);
        directory = new Directory(meta, credentials, clock);
        policies = new AccessPolicies(meta, ipGroups, n -> false);
        lockout = new Lockout(clock, () -> security, ipGroups::contains);
        auth = new AuthService(directory, policies, lockout, hasher, credentials, meta, clock, () -> security);
        sessions = new ConnectedSessions(clock);
    }

    /** example.com (primary) with the given user and password. */
    public User domainWithUser(String name, String password) {
        if (directory.domain("example.com").isEmpty()) directory.addDomain(Actor.SERVER, NewDomain.named("example.com"));
        return directory.addUser(Actor.SERVER, NewUser.of(name + "@example.com", password, name));
    }
}
