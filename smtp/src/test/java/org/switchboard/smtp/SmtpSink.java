package org.switchboard.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Postfix's smtp-sink as the remote MTA: listens on a loopback address and dumps every received
 * transaction (envelope lines, then the message) into a file. Skips the calling test with a
 * clear message when the postfix package is not installed.
 */
public final class SmtpSink implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    private final Process process;
    private final Path dir;
    private final String host;
    private final int port;

    public SmtpSink(String host, String... extraOptions) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "smtp-sink not installed (apt-get install postfix); .ci/run installs it");
        this.host = host;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, 0));
            this.port = probe.getLocalPort();
        }
        dir = Files.createTempDirectory("smtp-sink");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new java.util.ArrayList<>(List.of(BINARY.toString(), "-u", "nobody", "-d", dir + "/%H%M%S."));
        cmd.addAll(List.of(extraOptions));
        cmd.addAll(List.of(host + ":" + port, "64"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("sink.log").toFile()).start();
        Await.until("smtp-sink listening on " + host + ":" + port, () -> {
            try (Socket s = new Socket(host, port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public int port() { return port; }

    public String host() { return host; }

    /** The dumped transactions so far, each as text. */
    public List<String> messages() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("sink.log")).sorted().map(p -> {
                try {
                    return Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
