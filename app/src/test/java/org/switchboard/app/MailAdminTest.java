package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mail store's admin side on the running server: a POP3 login (python poplib) shows up in
 * `sessions`, `mailbox` reports the folders created at login, `reindex` finishes its job.
 */
class MailAdminTest {
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
    void pop3Session_listedWhileConnected_mailboxAndReindexReport() throws Exception {
        String script = """
                import poplib, ssl, sys, time
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                p = poplib.POP3_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
                p.user('alice'); p.pass_(sys.argv[2])
                print(p.stat(), flush=True)
                sys.stdin.readline()
                p.quit()
                """;
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(server.offset + 995), "Al1ce-Secret!").start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(first).isEqualTo("(0, 0)");
            Cli.Result sessions = cli.run("sessions");
            assertThat(sessions.exit()).as(sessions.toString()).isZero();
            assertThat(sessions.out()).contains("POP3").contains("alice@example.com").contains("127.0.0.1");
        } finally {
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Cli.Result mailbox = cli.run("mailbox", "alice");
        assertThat(mailbox.exit()).as(mailbox.toString()).isZero();
        assertThat(mailbox.out()).contains("INBOX").contains("Sent").contains("Trash").contains("Archive");

        Cli.Result reindex = cli.run("--json", "reindex", "--account", "alice");
        assertThat(reindex.exit()).as(reindex.toString()).isZero();
        assertThat(reindex.json().path("finished").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/logs/config?search=reindex").json().get("lines")).isNotEmpty();
    }


    @Test
    void cleanOut_domainDefaultAndUserOverride_oldTrashRemovedAndLogged() throws Exception {
        // Two messages in Trash through IMAP APPEND: one dated 2020, one now.
        String script = """
                import imaplib, ssl, sys, time
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                m.login('alice', sys.argv[2])
                old = imaplib.Time2Internaldate(time.mktime((2020, 1, 1, 12, 0, 0, 0, 1, -1)))
                print(m.append('Trash', None, old, b'Subject: old\\r\\n\\r\\nold body\\r\\n'))
                print(m.append('Trash', None, None, b'Subject: new\\r\\n\\r\\nnew body\\r\\n'))
                m.logout()
                """;
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(server.offset + 993), "Al1ce-Secret!")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("OK");

        assertThat(admin.put("/api/v1/domains/example.com/cleanout", Map.of("trashDays", 30)).status()).isEqualTo(200);
        var own = admin.put("/api/v1/users/alice/cleanout", Map.of("junkDays", 7)).json();
        assertThat(own.path("effective").path("trashDays").asInt()).isEqualTo(30);
        assertThat(own.path("effective").path("junkDays").asInt()).isEqualTo(7);

        assertThat(admin.post("/api/v1/mail/cleanout", Map.of()).json().path("messages").asInt()).isEqualTo(1);
        var folders = admin.get("/api/v1/users/alice/mailbox").json().path("folders");
        for (var f : folders) if (f.path("name").asText().equals("Trash")) assertThat(f.path("messages").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/logs/operations?search=Clean-out").json().path("lines").toString())
                .contains("Trash of alice@example.com");
    }
}
