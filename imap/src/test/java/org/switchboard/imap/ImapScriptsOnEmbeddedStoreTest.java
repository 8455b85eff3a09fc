package org.switchboard.imap;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;

/** Every script again, each over a fresh {@link EmbeddedMailStore} (H2, blob files, Lucene) in a temp dir. */
class ImapScriptsOnEmbeddedStoreTest {
    private static ImapFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ImapFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        return ImapScriptsInMemoryTest.scriptFiles().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String script = Files.readString(path, StandardCharsets.UTF_8);
            Path dir = Files.createTempDirectory(fixture.dir, "mail");
            try (EmbeddedMailStore store = EmbeddedMailStore.open(dir, QuotaPolicy.UNLIMITED, InstantSource.system())) {
                new ScriptRunner(fixture, store).run(path.getFileName().toString(), script);
            }
        }));
    }
}
