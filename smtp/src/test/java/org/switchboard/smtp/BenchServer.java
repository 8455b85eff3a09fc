package org.switchboard.smtp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.locks.LockSupport;
import org.switchboard.smtp.server.SmtpPort;
import org.switchboard.store.mail.QuotaPolicy;
import org.switchboard.store.mail.embedded.EmbeddedMailStore;

/**
 * The server side of bench/smtp-bench.sh: a test server on a data directory delivering into the
 * real embedded mail store ({@code <data>/mail-store}: H2, blob files, Lucene), as the appliance
 * does. Writes its MX port to {@code <data>/port}. Commands on stdin: "mark" notes the time and
 * bob's message count; "drain N" waits until N more messages are in bob's mailboxes and the queue
 * is empty, then prints "drained <ms>" (milliseconds since the mark, which the script sends right
 * before smtp-source connects: from the first accept to the last message in the store). "hold"
 * stops the queue from starting deliveries; "release N" lets it deliver again and prints
 * "released <ms>": from the first to the last of N more messages in the store, so delivery alone.
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (EmbeddedMailStore store = EmbeddedMailStore.open(dir.resolve("mail-store"), QuotaPolicy.UNLIMITED,
                InstantSource.system(), Duration.ZERO)) {
            TestServer server = new TestServer(dir, true, TestServer.DEFAULTS, store);
            String bob = server.userId("bob@example.test");
            Files.writeString(dir.resolve("port"), String.valueOf(server.port(SmtpPort.MX)));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            long mark = System.nanoTime();
            long base = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("mark")) {
                    mark = System.nanoTime();
                    base = store.usage(bob).messages();
                    System.out.println("marked");
                    System.out.flush();
                } else if (line.equals("hold")) {
                    server.settings(x -> x.withQueue(withDeliveries(x.queue(), 0)));
                    System.out.println("held");
                    System.out.flush();
                } else if (line.startsWith("release ")) {
                    long n = Long.parseLong(line.substring(8).trim());
                    long start = store.usage(bob).messages();
                    server.settings(x -> x.withQueue(TestServer.DEFAULTS.queue()));
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    long first = 0;
                    long stored;
                    while ((stored = store.usage(bob).messages() - start) < n && System.nanoTime() < deadline) {
                        if (first == 0 && stored > 0) first = System.nanoTime();
                        LockSupport.parkNanos(200_000);
                    }
                    if (stored < n) System.out.println("drain-failed stored=" + stored);
                    System.out.println("released " + (System.nanoTime() - first) / 1_000_000);
                    System.out.flush();
                } else if (line.startsWith("drain ")) {
                    long n = Long.parseLong(line.substring(6).trim());
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    while (!(store.usage(bob).messages() - base >= n && server.service.queue().size() == 0)
                            && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    long stored = store.usage(bob).messages() - base;
                    if (stored < n) {
                        System.out.println("drain-failed stored=" + stored + " queued=" + server.service.queue().size());
                    }
                    System.out.println("drained " + (System.nanoTime() - mark) / 1_000_000);
                    System.out.flush();
                }
            }
            server.stop();
        }
    }

    private static SmtpSettings.Queue withDeliveries(SmtpSettings.Queue q, int deliveries) {
        return new SmtpSettings.Queue(deliveries, q.retryMinutes(), q.maxRetryMinutes(), q.warnAfterHours(), q.bounceAfterDays(), q.dsnLanguage());
    }
}
