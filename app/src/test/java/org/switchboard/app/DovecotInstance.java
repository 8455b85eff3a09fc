package org.switchboard.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A throw-away Dovecot for the benchmark: its own config, run and state directories under a temp dir,
 * passwd-file users with plain passwords, Maildir homes, implicit TLS with the certificate it is given,
 * on 127.0.0.1 and a free port. Tuned as a Dovecot admin would for many clients (high-performance login
 * processes, no per-user connection cap); no full-text search plugin, as Debian installs it.
 */
final class DovecotInstance implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/dovecot");
    /** Maildir owner when the benchmark runs as root (Dovecot refuses uid 0 for mail). */
    private static final int NOBODY = 65534;

    private final Path dir;
    private final Process process;
    final int port;

    private DovecotInstance(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    static boolean installed() { return Files.isExecutable(BINARY); }

    static DovecotInstance start(Path certificate, Path key, List<String> users, String password) throws Exception {
        Path dir = Files.createTempDirectory("dovecot-bench");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        boolean root = ((Integer) Files.getAttribute(dir, "unix:uid")) == 0;
        long uid = root ? NOBODY : (Integer) Files.getAttribute(dir, "unix:uid");
        long gid = root ? NOBODY : (Integer) Files.getAttribute(dir, "unix:gid");
        StringBuilder passwd = new StringBuilder();
        for (String u : users) passwd.append(u).append(":{PLAIN}").append(password).append("::::::\n");
        Files.writeString(dir.resolve("passwd"), passwd);
        int port = freePort();
        Files.writeString(dir.resolve("dovecot.conf"), """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                instance_name = switchboard-bench-%2$d
                protocols = imap
                listen = 127.0.0.1
                ssl = required
                ssl_cert = <%3$s
                ssl_key = <%4$s
                disable_plaintext_auth = yes
                auth_mechanisms = plain login
                first_valid_uid = 1
                mail_location = maildir:~/Maildir
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/passwd
                }
                userdb {
                  driver = passwd-file
                  args = username_format=%%u %1$s/passwd
                  default_fields = uid=%5$d gid=%6$d home=%1$s/home/%%u
                }
                service imap-login {
                  inet_listener imap {
                    port = 0
                  }
                  inet_listener imaps {
                    port = %2$d
                    ssl = yes
                  }
                  service_count = 0
                  process_min_avail = 2
                  client_limit = 5000
                }
                service imap {
                  process_limit = 5000
                }
                default_client_limit = 10000
                default_vsz_limit = 1G
                protocol imap {
                  mail_max_userip_connections = 5000
                }
                """.formatted(dir, port, certificate, key, uid, gid));
        Process p = new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        DovecotInstance d = new DovecotInstance(dir, p, port);
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) throw new IllegalStateException("dovecot exited: " + Files.readString(dir.resolve("stdout.log")));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return d;
            } catch (IOException notYet) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        d.close();
        throw new IllegalStateException("dovecot did not listen on " + port + " within 20 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
