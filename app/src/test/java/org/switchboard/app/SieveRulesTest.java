package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users' rules through the running server with real peers: a Sieve script with imap4flags,
 * variables and :copy uploaded with sieve-connect (ManageSieve), the guide's rules (has
 * attachment, is spam, notify with $from$/$subject$) set through the REST API and the CLI, mail
 * sent with swaks, and the outcome read with python imaplib: folders, flags, redirected copies;
 * a second script tests MIME parts, counts addresses and takes a folder name from a regex group.
 */
class SieveRulesTest {
    static ServerProcess server;
    static Api admin;
    static Cli cli;
    static final String PASSWORD = "Str0ng-Secret!x";

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        for (String u : List.of("alice", "bob", "carol", "erin", "frank", "grace")) {
            assertThat(admin.post("/api/v1/users", Map.of("address", u, "password", PASSWORD)).status()).isEqualTo(201);
        }
        cli = new Cli(server, Files.createTempDirectory("known").resolve("known_servers"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static void swaks(String to, String... more) throws Exception {
        swaksFrom("dave@outside.test", to, more);
    }

    private static void swaksFrom(String from, String to, String... more) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 25),
                "--from", from, "--to", to));
        cmd.addAll(List.of(more));
        assertThat(SmtpAdminTest.run(cmd)).startsWith("exit 0").contains("250 ");
    }

    /** Waits until {@code folder} of {@code user} holds {@code count} messages, then prints each one's flags and subject. */
    private static String imap(String user, String folder, int count) throws Exception {
        String script = """
                import imaplib, ssl, sys, time
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                m.login(sys.argv[2], sys.argv[3])
                deadline = time.time() + 20
                while True:
                    typ, data = m.select('"' + sys.argv[4] + '"', readonly=True)
                    n = int(data[0]) if typ == 'OK' else 0
                    if n >= int(sys.argv[5]) or time.time() > deadline: break
                    time.sleep(0.1)
                print('COUNT', n)
                if n > 0:
                    typ, data = m.fetch('1:*', '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])')
                    for part in data:
                        if isinstance(part, tuple):
                            print(part[0].decode(), part[1].decode().strip())
                m.logout()
                """;
        return SmtpAdminTest.run(List.of("python3", "-c", script, Integer.toString(server.offset + 993), user,
                PASSWORD, folder, Integer.toString(count)));
    }

    @Test
    void sieveConnectScript_flagsVariablesAndCopy_landOnTheStoredMessages() throws Exception {
        uploadAndActivate("bob@example.com", "tags", """
                require ["imap4flags", "variables", "copy", "fileinto"];
                if header :matches "subject" "[*] *" {
                    set :lower "tag" "${1}";
                    addflag "\\\\Flagged";
                    addflag "label-${tag}";
                    redirect :copy "carol@example.com";
                    fileinto "Tagged-${tag}";
                }
                """);

        swaks("bob@example.com", "--header", "Subject: [Work] the plan");
        assertThat(imap("bob", "Tagged-work", 1)).contains("COUNT 1").contains("\\Flagged").contains("label-work").contains("Subject: [Work] the plan");
        assertThat(imap("carol", "INBOX", 1)).contains("COUNT 1").contains("Subject: [Work] the plan");
        assertThat(imap("bob", "INBOX", 0)).as("fileinto without :copy cancels the implicit keep").contains("COUNT 0");
    }

    @Test
    void sieveConnectScript_bodyContentRelationalAndRegex_fileAsTheyMatch() throws Exception {
        uploadAndActivate("grace@example.com", "sorting", """
                require ["body", "relational", "comparator-i;ascii-numeric", "regex", "variables", "fileinto"];
                if header :regex "subject" "^\\\\[(ticket|bug) #([0-9]+)\\\\]" {
                    fileinto "Tracker-${1}";
                    stop;
                }
                if body :content "text/html" :contains "invoice" {
                    fileinto "Invoices";
                    stop;
                }
                if address :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] "3" {
                    fileinto "Crowd";
                }
                """);

        swaks("grace@example.com", "--header", "Subject: [Bug #42] crash on start");
        swaks("grace@example.com", "--data", "@" + alternative("html invoice", "Please see the HTML version.",
                "<p>Your <b>invoice</b> is attached.</p>"));
        swaks("grace@example.com", "--data", "@" + alternative("plain invoice", "Your invoice is below.", "<p>Nothing to pay.</p>"));
        swaks("grace@example.com", "--header", "Subject: three of us", "--header", "To: grace@example.com, a@outside.test",
                "--header", "Cc: b@outside.test");
        swaks("grace@example.com", "--header", "Subject: two of us", "--header", "To: grace@example.com, a@outside.test");

        assertThat(imap("grace", "INBOX", 2)).contains("COUNT 2").contains("plain invoice").contains("two of us");
        assertThat(imap("grace", "Tracker-Bug", 1)).contains("COUNT 1").contains("[Bug #42] crash on start");
        assertThat(imap("grace", "Invoices", 1)).contains("COUNT 1").contains("html invoice");
        assertThat(imap("grace", "Crowd", 1)).contains("COUNT 1").contains("three of us");
    }

    /** Uploads a script with sieve-connect (ManageSieve, PLAIN over STARTTLS) and makes it the active one. */
    private static void uploadAndActivate(String user, String name, String text) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sieve-connect")), "sieve-connect not installed");
        Path script = Files.createTempFile(name, ".sieve");
        Files.writeString(script, text);
        Path password = Files.createTempFile("pw", ".txt");
        Files.writeString(password, PASSWORD + "\n");
        String connect = "exec /usr/bin/sieve-connect --server 127.0.0.1 --port " + (server.offset + 4190)
                + " --user " + user + " --authmech PLAIN --notlsverify --passwordfd 3 ";
        assertThat(SmtpAdminTest.run(List.of("/bin/sh", "-c", connect + "--upload --localsieve " + script + " --remotesieve " + name + " 3<" + password)))
                .startsWith("exit 0");
        assertThat(SmtpAdminTest.run(List.of("/bin/sh", "-c", connect + "--activate --remotesieve " + name + " 3<" + password))).startsWith("exit 0");
    }

    /** A multipart/alternative message file whose HTML part is base64, so only a decoding "body" test sees its words. */
    private static Path alternative(String subject, String plain, String html) throws Exception {
        Path file = Files.createTempFile("alternative", ".eml");
        Files.writeString(file, String.join("\r\n", "From: dave@outside.test", "To: grace@example.com", "Subject: " + subject,
                "MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"alt\"", "", "--alt",
                "Content-Type: text/plain; charset=utf-8", "", plain, "--alt", "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: base64", "",
                java.util.Base64.getEncoder().encodeToString(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "--alt--", ""));
        return file;
    }

    @Test
    void guideRulesThroughApiAndCli_attachmentSpamAndNotification() throws Exception {
        Map<String, Object> attachments = Map.of("name", "Attachments", "enabled", true, "matchAll", true,
                "conditions", List.of(Map.of("field", "HAS_ATTACHMENT")),
                "actions", List.of(Map.of("kind", "MOVE", "value", "Attachments")));
        Map<String, Object> spam = Map.of("name", "Spam", "enabled", true, "matchAll", true,
                "conditions", List.of(Map.of("field", "IS_SPAM")),
                "actions", List.of(Map.of("kind", "MOVE", "value", "Spam"), Map.of("kind", "STOP")));
        Api.Response put = admin.put("/api/v1/users/alice@example.com/rules", Map.of("rules", List.of(attachments, spam)));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Cli.Result added = cli.run("rules", "add", "alice@example.com", "--name", "Tell carol", "--if", "all",
                "--then", "notify erin@example.com Mail from $from$: $subject$");
        assertThat(added.exit()).as(added.toString()).isZero();
        Cli.Result list = cli.run("rules", "list", "alice@example.com");
        assertThat(list.out()).contains("Attachments").contains("has-attachment").contains("notify erin@example.com Mail from $from$: $subject$");
        Cli.Result bad = cli.run("rules", "add", "alice@example.com", "--name", "Bad", "--if", "all", "--then", "keep", "--then", "discard");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err() + bad.out()).contains("KEEP and DISCARD cannot be combined");
        assertThat(admin.get("/api/v1/users/alice@example.com/sieve").json().path("script").asText()).contains("require")
                .contains("header :mime :anychild");

        Path file = Files.createTempFile("report", ".pdf");
        Files.writeString(file, "%PDF-1.4 report");
        swaks("alice@example.com", "--header", "Subject: quarterly report", "--attach-type", "application/pdf", "--attach", "@" + file);
        swaks("alice@example.com", "--header", "Subject: cheap pills", "--header", "X-Spam-Flag: YES");
        assertThat(imap("alice", "Attachments", 1)).contains("COUNT 1").contains("quarterly report");
        assertThat(imap("alice", "Spam", 1)).contains("COUNT 1").contains("cheap pills");
        // The spam rule stops, so only the report is notified.
        assertThat(imap("erin", "INBOX", 1)).contains("Subject: Mail from dave@outside.test: quarterly report")
                .doesNotContain("cheap pills");
        assertThat(admin.get("/api/v1/logs/config?search=rules").json().path("lines").toString()).contains("alice@example.com");

        ConsoleClient console = ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        String page = "/admin/users/alice@example.com/rules";
        assertThat(console.get("/admin/users/alice@example.com").body()).contains("href=\"/admin/users/alice%40example.com/rules\"");
        ConsoleClient.Page shown = console.get(page);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Tell carol").contains("has-attachment").contains("header :mime :anychild");
        ConsoleClient.Page wrong = console.post(page + "/add", Map.of("_csrf", console.csrf(page), "name", "Big", "when", "size-over lots",
                "then", "move Big"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("SIZE_OVER needs a size");
        ConsoleClient.Page big = console.post(page + "/add", Map.of("_csrf", console.csrf(page), "name", "Big", "when", "size-over 5MB",
                "then", "move Big\nstop"));
        assertThat(big.location()).isEqualTo("/admin/users/alice%40example.com/rules");
        assertThat(cli.run("rules", "list", "alice@example.com").out()).contains("Big").contains("size-over 5MB");
    }

    @Test
    void outOfOffice_throughApi_repliesOncePerSender() throws Exception {
        Api.Response on = admin.put("/api/v1/users/frank@example.com/out-of-office", Map.of("enabled", true, "text", "Back on Monday."));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(admin.get("/api/v1/users/frank@example.com/out-of-office").json().path("enabled").asBoolean()).isTrue();
        swaksFrom("alice@example.com", "frank@example.com", "--header", "Subject: first question");
        swaksFrom("alice@example.com", "frank@example.com", "--header", "Subject: second question");
        assertThat(imap("frank", "INBOX", 2)).contains("COUNT 2");
        // Rules run before the message is stored, so a second reply would be queued by now.
        Instant deadline = Instant.now().plusSeconds(20);
        while (admin.get("/api/v1/queue").json().size() > 0 && Instant.now().isBefore(deadline)) LockSupport.parkNanos(100_000_000);
        String replies = imap("alice", "INBOX", 1);
        assertThat(replies).contains("COUNT 1").contains("Subject: Auto: first question");
    }

    @Test
    void sieveThroughApi_invalidScript_refusedNamingTheLine() throws Exception {
        Api.Response bad = admin.put("/api/v1/users/erin@example.com/sieve", Map.of("script", "require \"fileinto\";\nfileinto;"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("line 2").contains("fileinto takes 1 positional argument");
    }
}
