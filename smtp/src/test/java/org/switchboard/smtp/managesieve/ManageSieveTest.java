package org.switchboard.smtp.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.switchboard.net.Binding;
import org.switchboard.net.ListenerSettings;
import org.switchboard.net.TcpListener;
import org.switchboard.net.TlsMode;
import org.switchboard.smtp.RawSmtp;
import org.switchboard.smtp.TestServer;

/** ManageSieve (RFC 5804) against sieve-connect, Debian's ManageSieve client, and raw protocol checks. */
class ManageSieveTest {
    private static TestServer server;
    private static TcpListener listener;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        listener = new TcpListener(new ListenerSettings("managesieve", true, List.of(new Binding("127.0.0.1", 0, TlsMode.NONE)),
                null, 0, 0, Duration.ofSeconds(30), 8192), server.tls, server.service.manageSieveHandler());
        listener.start();
    }

    @AfterAll
    static void stop() throws Exception {
        listener.stop(Duration.ofSeconds(1));
        server.close();
    }

    private static int port() { return listener.boundAddresses().getFirst().getPort(); }

    private record Run(int exit, String output) {}

    private static Run sieveConnect(String... action) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/sieve-connect");
        Assumptions.assumeTrue(Files.isExecutable(binary), "sieve-connect not installed; .ci/run installs it");
        Path password = Files.createTempFile("pw", ".txt");
        Files.writeString(password, TestServer.PASSWORD + "\n");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec /usr/bin/sieve-connect --server 127.0.0.1 --port " + port() + " --user alice@example.test --authmech PLAIN"
                        + " --notlsverify --passwordfd 3 " + String.join(" ", action) + " 3<" + password));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sieve-connect hung");
        }
        String out = new String(p.getInputStream().readAllBytes());
        Files.delete(password);
        return new Run(p.exitValue(), out);
    }

    @Test
    void sieveConnect_uploadListActivateDownloadDelete() throws Exception {
        Path script = Files.createTempFile("rules", ".sieve");
        Files.writeString(script, "require [\"fileinto\"];\nif header :contains \"subject\" \"[x]\" { fileinto \"X\"; }\n");
        Path back = Files.createTempFile("back", ".sieve");
        Files.delete(back);
        try {
            Run up = sieveConnect("--upload", "--localsieve", script.toString(), "--remotesieve", "rules");
            assertThat(up.exit()).as(up.output()).isZero();
            Run activate = sieveConnect("--activate", "--remotesieve", "rules");
            assertThat(activate.exit()).as(activate.output()).isZero();
            Run list = sieveConnect("--list");
            assertThat(list.exit()).as(list.output()).isZero();
            assertThat(list.output()).contains("\"rules\" ACTIVE");
            assertThat(server.service.sieveScripts().active(server.userId("alice@example.test"))).hasValueSatisfying(s -> assertThat(s).contains("fileinto"));
            Run down = sieveConnect("--download", "--remotesieve", "rules", "--localsieve", back.toString());
            assertThat(down.exit()).as(down.output()).isZero();
            assertThat(Files.readString(back)).isEqualTo(Files.readString(script));
            Run deleteActive = sieveConnect("--delete", "--remotesieve", "rules");
            assertThat(deleteActive.exit()).as("the active script cannot be deleted").isNotZero();
            assertThat(sieveConnect("--deactivate").exit()).isZero();
            assertThat(sieveConnect("--delete", "--remotesieve", "rules").exit()).isZero();
            assertThat(server.service.sieveScripts().list(server.userId("alice@example.test"))).isEmpty();
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(back);
        }
    }

    @Test
    void sieveConnect_invalidScript_refused() throws Exception {
        Path script = Files.createTempFile("bad", ".sieve");
        Files.writeString(script, "if header :contains { keep\n");
        try {
            Run up = sieveConnect("--upload", "--localsieve", script.toString(), "--remotesieve", "bad");
            assertThat(up.exit()).isNotZero();
            assertThat(up.output()).contains("Sieve syntax error at line 2");
        } finally {
            Files.delete(script);
        }
    }

    @Test
    void plaintext_capabilitiesOfferStartTlsAndNoSasl_authenticateRefused() throws Exception {
        try (RawSmtp c = new RawSmtp(listener.boundAddresses().getFirst(), "127.0.0.1")) {
            StringBuilder caps = new StringBuilder();
            String line;
            while (!(line = c.reply()).startsWith("OK")) caps.append(line).append('\n');
            assertThat(caps).contains("\"STARTTLS\"").contains("\"SASL\" \"\"")
                    .contains("\"SIEVE\" \"fileinto reject ereject envelope body vacation copy imap4flags variables enotify mime relational regex comparator-i;ascii-numeric\"")
                    .contains("\"NOTIFY\" \"mailto\"");
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"AGFsaWNlQGV4YW1wbGUudGVzdABTZWNyZXQtcGFzcy0xMjM=\"")).startsWith("NO (ENCRYPT-NEEDED)");
            assertThat(c.send("LISTSCRIPTS")).startsWith("NO");
            assertThat(c.send("LOGOUT")).startsWith("OK");
        }
    }
}
