package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 item 8 through the running server's admin surfaces: a POP3 download account, sorting
 * rules and a scheduled action set up with the CLI, "run now" over the API, and the sorted mail
 * read with python imaplib. The remote mailbox is the server's own POP3 service (the Dovecot
 * peer test in the smtp module covers a foreign server), reached over STLS like any other.
 */
class DeliveryAdminTest {
    private static final String PASSWORD = "Zq9-Secret-pass!";
    static ServerProcess server;
    static Api admin;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        ExampleCompany c = ExampleCompany.start(Map.of("alice", PASSWORD, "bob", PASSWORD, "postmaster", PASSWORD, "drop", PASSWORD));
        server = c.server();
        admin = c.admin();
        cli = c.cli();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void pop3Download_setUpByCli_runNowSortsIntoMailboxes() throws Exception {
        // Three messages land in the multi-drop mailbox "drop"; their headers name the real recipients.
        for (String[] m : List.of(new String[] {"alice@example.com", "for-alice-kiwi"}, new String[] {"bob@example.com", "for-bob-mango"},
                new String[] {"stranger@elsewhere.test", "unmatched-papaya"})) {
            String out = SmtpAdminTest.run(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 25), "--from", "friend@remote.test",
                    "--to", "drop@example.com", "--header", "To: " + m[0], "--header", "Subject: " + m[1], "--body", m[1]));
            assertThat(out).startsWith("exit 0");
        }
        Cli.Result account = cli.run("delivery", "pop3", "add", "isp", "--host", "127.0.0.1", "--port", Integer.toString(server.offset + 110),
                "--tls", "starttls", "--no-verify", "--login", "drop@example.com", "--remote-password", PASSWORD);
        assertThat(account.exit()).as(account.toString()).isZero();
        assertThat(cli.run("delivery", "sorting", "add", "*@example.com", "*@example.com").exit()).isZero();
        assertThat(cli.run("delivery", "sorting", "add", "*", "postmaster@example.com").exit()).isZero();
        Cli.Result schedule = cli.run("delivery", "schedule", "add", "hourly", "--every", "60", "--action", "pop3,etrn",
                "--disabled");
        assertThat(schedule.exit()).as(schedule.toString()).isZero();
        assertThat(cli.run("delivery", "schedule", "list").out()).contains("hourly").contains("every 60 min");
        assertThat(cli.run("delivery", "pop3", "list").out()).contains("isp").contains("drop@example.com@127.0.0.1:")
                .contains("(sorting rules)").contains("delete").doesNotContain(PASSWORD);
        assertThat(cli.run("delivery", "sorting", "list").out()).contains("*@example.com").contains("postmaster@example.com");
        Api.Response accounts = admin.get("/api/v1/delivery/pop3-accounts");
        assertThat(accounts.body()).contains("\"isp\"").doesNotContain(PASSWORD);
        assertThat(accounts.json().get(0).path("sealedPassword").isTextual()).isFalse();

        // The messages must be in drop's INBOX before the download, or it would find nothing.
        assertThat(imap("drop", PASSWORD, "ALL", 3)).contains("COUNT 3");
        Api.Response run = admin.post("/api/v1/delivery/pop3-accounts/run", Map.of());

        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("pop3").get(0).path("downloaded").asInt()).as(run.body()).isEqualTo(3);
        assertThat(imap("alice", PASSWORD, "TEXT kiwi", 1)).contains("COUNT 1");
        assertThat(imap("bob", PASSWORD, "TEXT mango", 1)).contains("COUNT 1");
        assertThat(imap("postmaster", PASSWORD, "TEXT papaya", 1)).contains("COUNT 1");
        assertThat(imap("drop", PASSWORD, "ALL", 0)).contains("COUNT 0");
        assertThat(admin.get("/api/v1/logs/mail?search=POP3%20download%20isp").json().path("lines").toString()).contains("3 downloaded");
        assertThat(admin.get("/api/v1/logs/config?search=POP3%20download%20account").json().path("lines")).isNotEmpty();
    }

    @Test
    void sendOnlyOnSchedule_setByCli_visibleInSettings() throws Exception {
        assertThat(cli.run("delivery", "send-only-on-schedule", "true").exit()).isZero();
        assertThat(admin.get("/api/v1/settings/fetch").json().path("sendOnlyOnSchedule").asBoolean()).isTrue();
        Cli.Result run = cli.run("delivery", "run", "send");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Send: ");
        assertThat(cli.run("delivery", "send-only-on-schedule", "false").exit()).isZero();
        assertThat(admin.get("/api/v1/settings/fetch").json().path("sendOnlyOnSchedule").asBoolean()).isFalse();
    }

    @Test
    void consolePages_etrnAndScheduleForms_savedThroughTheApiOrRefusedWithReason() throws Exception {
        ConsoleClient console = ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(console.get("/admin/delivery").body()).contains("POP3 Download").contains("ETRN Download").contains("Scheduling");

        ConsoleClient.Page etrn = console.post("/admin/delivery/etrn", Map.of("_csrf", console.csrf("/admin"), "name", "backup",
                "server", "mx2.example.net", "port", "25", "tls", "NONE", "domains", "example.com;example.org", "enabled", "true"));
        assertThat(etrn.status()).as(etrn.body()).isEqualTo(303);
        assertThat(admin.get("/api/v1/delivery/etrn").body()).contains("mx2.example.net").contains("example.com;example.org");
        assertThat(cli.run("delivery", "etrn", "list").out()).contains("backup").contains("mx2.example.net:25")
                .contains("example.com;example.org");
        // The form left "Check the server's certificate" unticked; the API and the CLI leave it on unless told.
        assertThat(admin.get("/api/v1/delivery/etrn").json().get(0).path("verifyCertificate").asBoolean()).isFalse();
        assertThat(cli.run("delivery", "etrn", "list").out()).contains("NONE (unchecked)");
        assertThat(admin.put("/api/v1/delivery/etrn/viaapi", Map.of("enabled", true, "server", "mx3.example.net", "port", 25, "tls", "STARTTLS",
                "domains", "example.com")).json().path("verifyCertificate").asBoolean()).isTrue();
        Cli.Result added = cli.run("delivery", "etrn", "add", "viacli", "--host", "mx4.example.net", "--domains", "example.com", "--tls", "STARTTLS");
        assertThat(added.exit()).as(added.toString()).isZero();
        assertThat(admin.get("/api/v1/delivery/etrn").body()).contains("\"name\":\"viacli\"");
        assertThat(cli.run("delivery", "etrn", "list").out()).contains("mx4.example.net:25").doesNotContain("STARTTLS (unchecked)");

        ConsoleClient.Page refused = console.post("/admin/delivery/schedule", Map.of("_csrf", console.csrf("/admin"), "name", "nothing",
                "when", "every", "everyMinutes", "30", "enabled", "true"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("choose at least one of SEND, POP3, ETRN");

        ConsoleClient.Page saved = console.post("/admin/delivery/schedule", Map.of("_csrf", console.csrf("/admin"), "name", "nightly",
                "when", "at", "at", "02:30", "actions", "SEND"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(console.get("/admin/delivery/schedule").body()).contains("nightly").contains("daily at 02:30");
        assertThat(admin.get("/api/v1/logs/config?search=scheduled%20action%20nightly").json().path("lines")).isNotEmpty();
    }

    /** Polls until the search in INBOX finds {@code expected} messages (delivery is asynchronous), at most 10 s; prints "COUNT n". */
    private static String imap(String user, String password, String search, int expected) throws Exception {
        String script = """
                import imaplib, ssl, sys, time
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                n = -1
                for attempt in range(100):
                    m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                    m.login(sys.argv[2], sys.argv[3])
                    m.select('INBOX')
                    typ, data = m.search(None, *sys.argv[4].split(' '))
                    n = len(data[0].split())
                    m.logout()
                    if n == int(sys.argv[5]): break
                    time.sleep(0.1)
                print('COUNT', n)
                """;
        return SmtpAdminTest.run(List.of("python3", "-c", script, Integer.toString(server.offset + 993), user, password, search,
                Integer.toString(expected)));
    }
}
