package org.switchboard.smtp.fetch;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.switchboard.core.auth.SecretBox;
import org.switchboard.core.definitions.TimeRanges;
import org.switchboard.smtp.TestServer;

/** Builds the download service over a test server's store, queue and gate, as the app wires it. */
final class Fetches {
    private Fetches() {
    }

    static FetchService service(TestServer server, AtomicReference<FetchSettings> settings) throws IOException {
        return new FetchService(server.store, settings::get, SecretBox.openOrCreate(server.dir.resolve("secrets.key")),
                new TimeRanges(server.store), () -> ZoneOffset.UTC, server.service.queue(), server.service.outboundGate(),
                () -> "mx.example.test", server.dir, server.clock);
    }
}
