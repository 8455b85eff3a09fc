package org.switchboard.core.directory;

import org.switchboard.core.Actor;
import org.switchboard.core.TestClock;
import org.switchboard.core.store.MemoryMetadataStore;

/**
 * A directory over an in-memory store with a fixed clock. Passwords are "hashed" to a readable
 * marker so tests can see what was stored; {@link #reopen()} reads the same store afresh.
 */
final class DirectoryFixture {
    static final Actor ADMIN = new Actor("admin", "192.0.2.10");

    final MemoryMetadataStore store = new MemoryMetadataStore();
    final TestClock clock = new TestClock();
    final Directory dir = reopen();

    Directory reopen() {
        return new Directory(store, p -> new Credentials("test-hash:" + p.length(), null, null, clock.instant()), clock);
    }

    /** The guide's example domain holmes.com (primary) with users sherlock and watson. */
    static DirectoryFixture holmes() {
        DirectoryFixture f = new DirectoryFixture();
        f.dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        f.dir.addUser(ADMIN, NewUser.of("sherlock", "Baker-Street-221b", "Sherlock Holmes"));
        f.dir.addUser(ADMIN, NewUser.of("watson", "Afghan1stan!", "John Watson"));
        return f;
    }
}
