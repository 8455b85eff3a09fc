package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exchange inside the running server: extensions made with the CLI (the issue's own
 * command line), a SIPp phone registering with digest auth on SIP port 5060+offset, and the
 * registration, dial plan and call history visible to the admin.
 */
class PbxAdminTest {
    static ServerProcess server;
    static Api admin;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        ExampleCompany c = ExampleCompany.start(Map.of("alice", "Al1ce-Secret!"));
        server = c.server();
        admin = c.admin();
        cli = c.cli();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void extensionAddedByCli_sippRegisters_adminSeesRegistration() throws Exception {
        Cli.Result add = cli.run("extension", "add", "1001", "--user", "alice@example.com", "--sip-password", "S1p-Secret!1001");
        assertThat(add.exit()).as(add.toString()).isZero();
        assertThat(add.out()).contains("1001").contains("alice@example.com");
        assertThat(cli.run("extension", "list").out()).contains("1001").contains("alice@example.com");
        assertThat(cli.run("extension", "add", "1001").exit()).as("number already taken").isNotZero();

        Path dir = Files.createTempDirectory("sipp");
        Path scenario = dir.resolve("register.xml");
        try (var in = PbxAdminTest.class.getResourceAsStream("/sipp/register.xml")) {
            Files.copy(in, scenario);
        }
        Files.writeString(dir.resolve("users.csv"), "SEQUENTIAL\n1001;[authentication username=1001 password=S1p-Secret!1001]\n");
        Process sipp = new ProcessBuilder("sipp", "-sf", scenario.toString(), "-inf", dir.resolve("users.csv").toString(),
                "-m", "1", "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort()), "-nostdin", "-timeout", "20s", "-timeout_error",
                "127.0.0.1:" + (server.offset + 5060)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = bounded(sipp, 60);
        assertThat(sipp.exitValue()).as(out).isZero();

        Cli.Result regs = cli.run("registrations");
        assertThat(regs.out()).as(regs.toString()).contains("1001").contains("UDP").contains("127.0.0.1");
        assertThat(cli.run("dialplan").out()).contains("1001");
        Cli.Result calls = cli.run("calls", "list", "--csv");
        assertThat(calls.exit()).as(calls.toString()).isZero();
        assertThat(admin.get("/api/v1/pbx/calls/active").json()).isEmpty();
    }

    @Test
    void extensionPhones_setByCli_generatedNamesInCliApiAndConfigLog() throws Exception {
        assertThat(cli.run("extension", "add", "1201", "--sip-password", "S1p-Secret!1201").exit()).isZero();
        Cli.Result set = cli.run("extension", "set", "1201", "--phones", "2");
        assertThat(set.exit()).as(set.toString()).isZero();
        var x = admin.get("/api/v1/pbx/extensions/1201").json();
        assertThat(x.get("phones").asInt()).isEqualTo(2);
        List<String> names = new java.util.ArrayList<>();
        x.get("sipUsers").forEach(n -> names.add(n.asText()));
        assertThat(names).hasSize(2).allMatch(n -> n.matches("1201-[a-z2-9]{8}u"));
        assertThat(set.out()).contains(names);
        Cli.Result show = cli.run("extension", "show", "1201");
        assertThat(show.out()).as(show.toString()).contains("Phones:      2").contains(names);
        assertThat(admin.get("/api/v1/logs/config?search=manually").json().get("lines").toString())
                .contains("manually configured phones of extension 1201 set to 2");
        assertThat(cli.run("extension", "set", "1201", "--phones", "0").exit()).as("out of range").isNotZero();
        assertThat(cli.run("extension", "set", "1201", "--phones", "1").exit()).isZero();
        assertThat(admin.get("/api/v1/pbx/extensions/1201").json().get("sipUsers")).isEmpty();
    }

    /** Waits for a peer at most {@code seconds}; a peer still running then is killed and the test fails. */
    static String bounded(Process p, int seconds) throws Exception {
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("peer did not finish within " + seconds + " s: " + out.get(10, TimeUnit.SECONDS));
        }
        return out.get(10, TimeUnit.SECONDS);
    }

    static int freeUdpPort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void voicemail_leftThroughDirectPrefix_arrivesInOwnersInboxWithWav() throws Exception {
        assertThat(cli.run("extension", "add", "1002", "--user", "alice@example.com", "--sip-password", "S1p-Secret!1002").exit()).isZero();
        assertThat(cli.run("extension", "add", "1003", "--sip-password", "S1p-Secret!1003", "--name", "Lobby").exit()).isZero();
        Path dir = Files.createTempDirectory("sipp-vm");
        Path scenario = dir.resolve("uac-voicemail.xml");
        try (var in = PbxAdminTest.class.getResourceAsStream("/sipp/uac-voicemail.xml")) {
            Files.copy(in, scenario);
        }
        Files.writeString(dir.resolve("1003.csv"), "SEQUENTIAL\n1003;[authentication username=1003 password=S1p-Secret!1003]\n");
        Process sipp = new ProcessBuilder("sipp", "-sf", scenario.toString(), "-inf", dir.resolve("1003.csv").toString(), "-s", "*91002",
                "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort()), "-mi", "127.0.0.1", "-mp", Integer.toString(freeUdpPort() & ~1),
                "-m", "1", "-timeout", "60", "-nostdin", "127.0.0.1:" + (server.offset + 5060))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = bounded(sipp, 90);
        assertThat(sipp.exitValue()).as(out).isZero();

        // The owner reads it over IMAP: an e-mail with the WAV attached.
        String script = """
                import imaplib, ssl, sys, email, time
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                for attempt in range(50):
                    m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                    m.login('alice', sys.argv[2])
                    typ, data = m.select('INBOX')
                    if int(data[0]) > 0: break
                    m.logout(); time.sleep(0.2)
                typ, data = m.fetch('1', '(BODY.PEEK[])')
                msg = email.message_from_bytes(data[0][1])
                print('SUBJECT', msg['Subject'])
                for part in msg.walk():
                    if part.get_content_type() == 'audio/wav':
                        wav = part.get_payload(decode=True)
                        print('WAV', len(wav), wav[:4], wav[8:12])
                m.logout()
                """;
        Process py = new ProcessBuilder("python3", "-c", script, Integer.toString(server.offset + 993), "Al1ce-Secret!")
                .redirectErrorStream(true).start();
        String mail = new String(py.getInputStream().readAllBytes());
        assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mail).contains("SUBJECT Voicemail from").contains("1003").contains("WAV").contains("b'RIFF' b'WAVE'");
        Cli.Result list = cli.run("extension", "voicemail", "1002");
        assertThat(list.out()).as(list.toString()).contains("1003");
    }
}
