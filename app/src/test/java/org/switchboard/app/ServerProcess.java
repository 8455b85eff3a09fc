package org.switchboard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real server in its own JVM, as a user starts it: {@code Main run --data DIR --port-offset N}
 * with a temporary data directory and an offset whose ports are all free. Output is captured;
 * {@link #kill9()} and {@link #terminate()} stop it the two ways an admin can.
 */
final class ServerProcess implements AutoCloseable {
    static final int[] STANDARD_PORTS = {25, 587, 465, 143, 993, 110, 995, 80, 443, 4040, 4190, 389, 636, 5060, 5061, 5222, 5223, 5269};
    static final String ADMIN_PASSWORD = "Adm1n-Secret!";

    final Path data;
    final int offset;
    private Process process;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private ServerProcess(Path data, int offset) {
        this.data = data;
        this.offset = offset;
    }

    private String adminPassword = ADMIN_PASSWORD;
    private List<String> jvmOptions = List.of("-Xmx256m");

    static ServerProcess start() throws Exception {
        ServerProcess p = new ServerProcess(Files.createTempDirectory("switchboard-test"), freeOffset());
        p.launch();
        return p;
    }

    /** As {@link #start()} with other JVM options (the benchmark sizes the heap itself). */
    static ServerProcess start(List<String> jvmOptions) throws Exception {
        ServerProcess p = new ServerProcess(Files.createTempDirectory("switchboard-test"), freeOffset());
        p.jvmOptions = List.copyOf(jvmOptions);
        p.launch();
        return p;
    }

    /** First start without SWITCHBOARD_ADMIN_PASSWORD: the server generates one and prints it. */
    static ServerProcess startWithoutAdminPassword() throws Exception {
        ServerProcess p = new ServerProcess(Files.createTempDirectory("switchboard-test"), freeOffset());
        p.adminPassword = null;
        p.launch();
        return p;
    }

    int adminPort() { return 4040 + offset; }

    String adminUrl() { return "https://127.0.0.1:" + adminPort(); }

    List<String> output() { return List.copyOf(output); }

    void launch() throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.switchboard.app.Main", "run", "--data", data.toString(), "--port-offset", Integer.toString(offset)));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (adminPassword != null) pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", adminPassword);
        else pb.environment().remove("SWITCHBOARD_ADMIN_PASSWORD");
        pb.redirectErrorStream(true);
        process = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) output.add(line);
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (output().stream().anyMatch(l -> l.contains("is running"))) return;
            if (!process.isAlive()) throw new IllegalStateException("server exited: " + String.join("\n", output()));
            Thread.onSpinWait();
            Thread.yield();
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
        throw new IllegalStateException("server did not start within 60 s: " + String.join("\n", output()));
    }

    static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    /** SIGKILL: no shutdown hook runs. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the clean shutdown path; returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    boolean isAlive() { return process.isAlive(); }

    long pid() { return process.pid(); }

    void restart() throws Exception {
        output.clear();
        launch();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) kill9();
        // The server's console and log files are kept as test artifacts for diagnosing failures.
        Path artifacts = Path.of("target", "server-logs", "offset-" + offset);
        Files.createDirectories(artifacts);
        Files.write(artifacts.resolve("console.txt"), output());
        Path logs = data.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) Files.copy(f, artifacts.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** An offset in 20000..39999 with every standard port + offset free on loopback and the wildcard address. */
    static int freeOffset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = 20000 + ThreadLocalRandom.current().nextInt(20000);
            boolean free = true;
            for (int port : STANDARD_PORTS) {
                try (ServerSocket s = new ServerSocket(port + offset, 1, InetAddress.getByName("0.0.0.0"))) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) return offset;
        }
        throw new IllegalStateException("no free port offset found");
    }
}
