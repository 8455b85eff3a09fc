package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Email archiving and the IMAP session details of issue 3 against the running server with real peers: swaks
 * sends mail, python imaplib reads it. Archiving is switched on with the CLI, the archive right granted with
 * the CLI, and both leave Config log lines; a user with the right finds the message under #archive/, one
 * without sees no archive at all. Two imaplib sessions show that only the first to SELECT gets \Recent, and
 * raw QRESYNC commands show sequence match data narrowing VANISHED (EARLIER).
 */
class ArchiveAndRecentTest {
    static ServerProcess server;
    static Api admin;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        ExampleCompany c = ExampleCompany.start(Map.of("alice", password("alice"), "bob", password("bob"), "carol", password("carol"), "dave", password("dave")));
        server = c.server();
        admin = c.admin();
        cli = c.cli();
        assertThat(admin.post("/api/v1/users", Map.of("address", "ed", "password", password("ed"), "role", "DOMAIN_READ_WRITE"))
                .status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/users", Map.of("address", "frank", "password", password("frank"), "role", "SERVER_READ_WRITE"))
                .status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** One password for all (the policy forbids a user's name in it). */
    static String password(String user) { return "Tr0ub4dor-Secret!"; }

    static String script(String name) throws Exception {
        Path file = Files.createTempFile(name, ".py");
        try (var in = ArchiveAndRecentTest.class.getResourceAsStream("/imap/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void archiving_enabledByCli_userWithRightSeesArchivedMailOthersDoNot() throws Exception {
        Cli.Result enable = cli.run("settings", "set", "archive", "enabled=true", "interval=DAILY");
        assertThat(enable.exit()).as(enable.toString()).isZero();
        assertThat(enable.out()).contains("enabled = true");
        Cli.Result grant = cli.run("user", "set", "alice@example.com", "--archive-access", "true");
        assertThat(grant.exit()).as(grant.toString()).isZero();
        assertThat(grant.out()).contains("archive folders");
        assertThat(admin.get("/api/v1/users/alice@example.com").json().path("archiveAccess").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/logs/config?search=archive").json().path("lines").toString())
                .contains("enabled").contains("archiveAccess");

        String sent = SmtpAdminTest.run(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 587), "--tls", "--auth", "PLAIN",
                "--auth-user", "bob", "--auth-password", password("bob"), "--from", "bob@example.com", "--to", "carol@example.com",
                "--header", "Subject: for the record", "--body", "archived-word-quokka"));
        assertThat(sent).startsWith("exit 0").contains("250");

        String today = LocalDate.now().toString();
        String alice = SmtpAdminTest.run(List.of("python3", script("archive_view.py"), Integer.toString(server.offset + 993), "alice",
                password("alice"), "quokka", "100"));
        assertThat(alice).contains("#archive/").contains("FOLDERS ['#archive/" + today + "']")
                .contains("FOUND #archive/" + today + " b'1'").contains("MYRIGHTS #archive/" + today + " lrs").contains("SELECT OK");
        String carol = SmtpAdminTest.run(List.of("python3", script("archive_view.py"), Integer.toString(server.offset + 993), "carol",
                password("carol"), "quokka", "1"));
        assertThat(carol).contains("FOLDERS []").contains("SELECT NO").doesNotContain("#archive/\"");
        // The guide's default reader: the primary domain's whole-server administrator, without the right itself.
        assertThat(admin.get("/api/v1/users/frank@example.com").json().path("archiveAccess").asBoolean()).isFalse();
        String frank = SmtpAdminTest.run(List.of("python3", script("archive_view.py"), Integer.toString(server.offset + 993), "frank",
                password("frank"), "quokka", "100"));
        assertThat(frank).contains("FOUND #archive/" + today + " b'1'").contains("SELECT OK");
        String ed = SmtpAdminTest.run(List.of("python3", script("archive_view.py"), Integer.toString(server.offset + 993), "ed",
                password("ed"), "quokka", "1"));
        assertThat(ed).as("a domain administrator is not a default reader").contains("FOLDERS []").contains("SELECT NO");
    }

    @Test
    void archiveRight_domainAdministrator_cannotGrantIt() throws Exception {
        Api ed = Api.loggedIn(server, "ed@example.com", password("ed"));
        Api.Response r = ed.patch("/api/v1/users/carol@example.com", Map.of("archiveAccess", true));

        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(admin.get("/api/v1/users/carol@example.com").json().path("archiveAccess").asBoolean()).isFalse();
        assertThat(ed.patch("/api/v1/users/carol@example.com", Map.of("description", "still fine")).status()).isEqualTo(200);
    }

    @Test
    void consoleArchivingPage_badAddressRefusedAndNothingSaved_validFormSavedThroughTheApi() throws Exception {
        ConsoleClient console = ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(console.get("/admin/archive").body()).contains("Enable email archiving").contains("name=\"remoteAddress\"");
        assertThat(console.get("/admin/users/carol@example.com").body()).contains("name=\"archiveAccess\"");
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("localFolders", "on", "local", "on",
                "incoming", "on", "outgoing", "on", "relayed", "on", "beforeFilters", "on", "interval", "MONTHLY"));
        form.put("remoteAddress", "not an address");
        form.put("_csrf", console.csrf("/admin/archive"));
        ConsoleClient.Page refused = console.post("/admin/archive", form);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("remoteAddress must be an e-mail address");
        assertThat(admin.get("/api/v1/settings/archive").json().path("remoteAddress").isTextual()).as("nothing saved").isFalse();

        form.put("remoteAddress", "");
        form.put("_csrf", console.csrf("/admin/archive"));
        ConsoleClient.Page saved = console.post("/admin/archive", form);
        assertThat(saved.status()).isLessThan(400);
        // Saved switched off, so the other tests here see the state they set themselves whatever the order.
        assertThat(admin.get("/api/v1/settings/archive").json().path("interval").asText()).isEqualTo("MONTHLY");
        assertThat(admin.get("/api/v1/settings/archive").json().path("enabled").asBoolean()).isFalse();
    }

    @Test
    void imaplib_twoSessionsAndQresync_onlyFirstSelectIsRecentAndSequenceMatchNarrowsVanished() throws Exception {
        String out = SmtpAdminTest.run(List.of("python3", script("recent_qresync.py"), Integer.toString(server.offset + 993),
                password("dave")));
        assertThat(out).startsWith("exit 0")
                .contains("first RECENT [b'4']").contains("second RECENT [b'0']")
                .contains("first FLAGS b'1 (FLAGS (\\\\Recent))'").contains("second FLAGS b'1 (FLAGS ())'")
                .contains("first SEARCH RECENT b'1 2 3 4'").contains("second SEARCH RECENT b''")
                .contains("noop * VANISHED 1")
                .contains("plain * VANISHED (EARLIER) 1,4").contains("matched * VANISHED (EARLIER) 4")
                .containsPattern("unequal \\S+ BAD QRESYNC sequence match data: 3 message numbers but 2 UIDs");
    }
}
