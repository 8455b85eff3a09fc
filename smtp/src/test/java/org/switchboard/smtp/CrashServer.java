package org.switchboard.smtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.switchboard.smtp.server.SmtpPort;

/**
 * A test server in its own JVM, for kill -9 tests: args are the data directory, the DNS server
 * and the remote port; it writes its MX port to {@code <data>/port} and runs until killed.
 */
public final class CrashServer {
    private CrashServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean fresh = !Files.exists(dir.resolve("db"));
        TestServer server = new TestServer(dir, fresh,
                TestServer.DEFAULTS.withDelivery(new SmtpSettings.Delivery(args[1], Integer.parseInt(args[2]), 5, 30, null)));
        Path tmp = dir.resolve("port.tmp");
        Files.writeString(tmp, String.valueOf(server.port(SmtpPort.MX)));
        Files.move(tmp, dir.resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        new CountDownLatch(1).await();
    }
}
