package org.switchboard.smtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.switchboard.smtp.server.SmtpPort;

/**
 * The server side of bench/smtp-bench.sh: a test server on a data directory whose mail store
 * counts appends without keeping them. Writes its MX port to {@code <data>/port}; on each line
 * "drain N" read from stdin it waits until N messages have reached mailboxes and the queue is
 * empty, then prints "drained <ms>" (milliseconds since the previous "mark").
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TestServer server = new TestServer(dir, true);
        server.mail.keepContent = false;
        Files.writeString(dir.resolve("port"), String.valueOf(server.port(SmtpPort.MX)));
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        long mark = System.nanoTime();
        long base = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("mark")) {
                mark = System.nanoTime();
                base = server.mail.appended();
                System.out.println("marked");
                System.out.flush();
            } else if (line.startsWith("drain ")) {
                long n = Long.parseLong(line.substring(6).trim());
                long start = base;
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!(server.mail.appended() - start >= n && server.service.queue().size() == 0) && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                if (server.mail.appended() - start < n) {
                    System.out.println("drain-failed appended=" + (server.mail.appended() - start) + " queued=" + server.service.queue().size());
                }
                System.out.println("drained " + (System.nanoTime() - mark) / 1_000_000);
                System.out.flush();
            }
        }
        server.close();
    }
}
