package org.switchboard.imap;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every script under imap/scripts, each against a fresh in-memory mail store, sessions without sockets. */
class ImapScriptsInMemoryTest {
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
        return scriptFiles().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String script = Files.readString(path, StandardCharsets.UTF_8);
            new ScriptRunner(fixture, new MemoryMailStore()).run(path.getFileName().toString(), script);
        }));
    }

    static List<Path> scriptFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(ImapScriptsInMemoryTest.class.getResource("/imap/scripts").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".script")).sorted().toList();
        }
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
