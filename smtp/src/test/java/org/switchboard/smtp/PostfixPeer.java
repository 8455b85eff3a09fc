package org.switchboard.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A test-local Postfix on 127.0.0.2 (its own config, queue and data directories in a temporary
 * directory; /etc/postfix is only read, never changed). {@code transports} maps domains to
 * Postfix transports, e.g. "example.test=smtp:[127.0.0.1]:2525". Skips the test when Postfix is
 * missing or we are not root (Postfix drops privileges to its own user).
 */
public final class PostfixPeer implements AutoCloseable {
    private final Path dir;
    private final Path conf;
    private final int port;

    public PostfixPeer(List<String> transports) throws IOException, InterruptedException {
        this(transports, List.of());
    }

    /** {@code mainCf}: extra main.cf lines, e.g. "minimal_backoff_time = 1s". */
    public PostfixPeer(List<String> transports, List<String> mainCf) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")) && Files.exists(Path.of("/etc/postfix/master.cf")),
                "postfix not installed (apt-get install postfix); .ci/run installs it");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "running Postfix needs root");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.2", 0));
            port = probe.getLocalPort();
        }
        dir = Files.createTempDirectory("postfix-peer");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(dir.resolve("queue"));
        Path data = Files.createDirectories(dir.resolve("data"));
        run("chown", "postfix", data.toString());
        String master = Files.readString(Path.of("/etc/postfix/master.cf"))
                .replaceFirst("(?m)^smtp\\s+inet\\s+.*$", "127.0.0.2:" + port + " inet n - n - - smtpd");
        Files.writeString(conf.resolve("master.cf"), master);
        Files.writeString(conf.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + data,
                "command_directory = /usr/sbin",
                "daemon_directory = /usr/lib/postfix/sbin",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "myhostname = pf.remote.test",
                "mydestination =",
                "relay_domains = " + String.join(", ", transports.stream().map(t -> t.split("=")[0]).toList()),
                "transport_maps = inline:{ " + String.join(", ", transports) + " }",
                "mynetworks = 127.0.0.0/8",
                "smtp_dns_support_level = disabled",
                "maillog_file_prefixes = " + dir,
                "maillog_file = " + dir.resolve("maillog"),
                String.join("\n", mainCf),
                ""));
        run("postfix", "-c", conf.toString(), "start");
        Await.until("postfix listening", () -> {
            try (Socket s = new Socket("127.0.0.2", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public int port() { return port; }

    public String log() {
        try {
            return Files.readString(dir.resolve("maillog"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Messages in Postfix's deferred queue. A message is there only once the delivery agent has also logged it for
     * fast flush, so ETRN finds it; an ETRN that comes while it is still active flushes nothing.
     */
    public long deferred() {
        Path deferred = dir.resolve("queue").resolve("deferred");
        if (!Files.isDirectory(deferred)) return 0;
        try (var files = Files.walk(deferred)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("postfix", "-c", conf.toString(), "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
