package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        server = ServerProcess.start();
        admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/users", Map.of("address", "alice", "password", "Al1ce-Secret!")).status()).isEqualTo(201);
        cli = new Cli(server, Files.createTempDirectory("known").resolve("known_servers"));
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
        String out = new String(sipp.getInputStream().readAllBytes());
        assertThat(sipp.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sipp.exitValue()).as(out).isZero();

        Cli.Result regs = cli.run("registrations");
        assertThat(regs.out()).as(regs.toString()).contains("1001").contains("UDP").contains("127.0.0.1");
        assertThat(cli.run("dialplan").out()).contains("1001");
        Cli.Result calls = cli.run("calls", "list", "--csv");
        assertThat(calls.exit()).as(calls.toString()).isZero();
        assertThat(admin.get("/api/v1/pbx/calls/active").json()).isEmpty();
    }

    static int freeUdpPort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
