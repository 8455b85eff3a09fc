package org.switchboard.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away Dovecot POP3 server (package dovecot-pop3d) as the remote mailbox: its own config,
 * run and state directories under a temp dir, one passwd-file user with a Maildir, STLS with the
 * certificate it is given, on 127.0.0.1 and a free port. Mail is put into the Maildir directly.
 * Runs unprivileged mail processes (nobody when the tests run as root). Skips the test when
 * Dovecot's POP3 server is not installed.
 */
public final class DovecotPop3 implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/dovecot");
    private static final int NOBODY = 65534;

    public final String user;
    public final String password;
    private final Path dir;
    private final Path maildir;
    private final Process process;
    private final int port;
    private int counter;

    public DovecotPop3(String user, String password, Path certificate, Path key) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.exists(Path.of("/usr/lib/dovecot/pop3")),
                "dovecot-pop3d not installed (apt-get install dovecot-pop3d); .ci/run installs it");
        this.user = user;
        this.password = password;
        dir = Files.createTempDirectory("dovecot-pop3");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        boolean root = ((Integer) Files.getAttribute(dir, "unix:uid")) == 0;
        long uid = root ? NOBODY : (Integer) Files.getAttribute(dir, "unix:uid");
        long gid = root ? NOBODY : (Integer) Files.getAttribute(dir, "unix:gid");
        Path home = dir.resolve("home");
        maildir = home.resolve("Maildir");
        for (String sub : List.of("new", "cur", "tmp")) Files.createDirectories(maildir.resolve(sub));
        Files.writeString(dir.resolve("passwd"), user + ":{PLAIN}" + password + "::::::\n");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("dovecot.conf"), """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                instance_name = switchboard-pop3-%2$d
                protocols = pop3
                listen = 127.0.0.1
                ssl = yes
                ssl_cert = <%3$s
                ssl_key = <%4$s
                disable_plaintext_auth = yes
                auth_mechanisms = plain login
                first_valid_uid = 1
                mail_location = maildir:%5$s
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/passwd
                }
                userdb {
                  driver = passwd-file
                  args = username_format=%%u %1$s/passwd
                  default_fields = uid=%6$d gid=%7$d home=%8$s
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = %2$d
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                """.formatted(dir, port, certificate, key, maildir, uid, gid, home));
        if (root) chownNobody(home);
        process = new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Await.until("dovecot listening on " + port, Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) throw new IllegalStateException("dovecot exited: " + log());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    public int port() { return port; }

    /** Drops a message into the mailbox (LF line ends, as Maildir stores them). */
    public void add(String message) throws IOException {
        Path tmp = maildir.resolve("tmp").resolve("m" + (++counter) + ".switchboard");
        Files.writeString(tmp, message.replace("\r\n", "\n"), StandardCharsets.UTF_8);
        if (((Integer) Files.getAttribute(dir, "unix:uid")) == 0) chownNobody(tmp);
        Files.move(tmp, maildir.resolve("new").resolve(tmp.getFileName()));
    }

    /** Messages still in the mailbox (new and cur). */
    public int count() throws IOException {
        try (Stream<Path> n = Files.list(maildir.resolve("new")); Stream<Path> c = Files.list(maildir.resolve("cur"))) {
            return (int) (n.count() + c.count());
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("stdout.log")) + (Files.exists(dir.resolve("dovecot.log")) ? Files.readString(dir.resolve("dovecot.log")) : "");
        } catch (IOException e) {
            return "";
        }
    }

    private static void chownNobody(Path top) throws IOException {
        UserPrincipalLookupService users = top.getFileSystem().getUserPrincipalLookupService();
        var nobody = users.lookupPrincipalByName("nobody");
        var nogroup = users.lookupPrincipalByGroupName("nogroup");
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, nobody);
                Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(nogroup);
            }
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
