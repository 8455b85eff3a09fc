package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mail through the running server with real peers: swaks submits over 587 with STARTTLS and
 * AUTH, the message reaches the mailbox (read with python imaplib), an outside host may not
 * relay, and the queue is visible to the admin.
 */
class SmtpAdminTest {
    static ServerProcess server;
    static Api admin;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        ExampleCompany c = ExampleCompany.start(Map.of("alice", "Al1ce-Secret!", "bob", "B0b-Secret!x"));
        server = c.server();
        admin = c.admin();
        cli = c.cli();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    @Test
    void swaksSubmission_authStarttls_deliveredAndReadOverImap() throws Exception {
        String out = run(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 587), "--tls", "--auth", "PLAIN",
                "--auth-user", "bob", "--auth-password", "B0b-Secret!x", "--from", "bob@example.com", "--to", "alice@example.com",
                "--header", "Subject: hello from swaks", "--body", "unique-word-zebrafish"));
        assertThat(out).startsWith("exit 0").contains("250");
        String script = """
                import imaplib, ssl, sys, time
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                for attempt in range(100):
                    m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                    m.login('alice', sys.argv[2])
                    typ, data = m.select('INBOX')
                    if int(data[0]) > 0: break
                    m.logout(); time.sleep(0.1)
                typ, data = m.search(None, 'TEXT', 'zebrafish')
                print('FOUND', data[0])
                typ, data = m.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT RETURN-PATH)])')
                print(data[0][1].decode())
                m.logout()
                """;
        String mail = run(List.of("python3", "-c", script, Integer.toString(server.offset + 993), "Al1ce-Secret!"));
        assertThat(mail).contains("FOUND b'1'").contains("Subject: hello from swaks").contains("Return-Path: <bob@example.com>");
    }

    @Test
    void smarthostPassword_savedThroughApi_neverStoredOrShownInClear() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode smtp = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/api/v1/settings/smtp").json();
        JsonNode original = smtp.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) smtp.get("delivery")).set("smarthost", new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(Map.of("host", "relay.example.net", "port", 587, "tls", "STARTTLS", "user", "relayuser", "password", "Relay-Clear-Text-77")));
        assertThat(admin.put("/api/v1/settings/smtp", smtp).status()).isEqualTo(200);
        JsonNode saved = admin.get("/api/v1/settings/smtp").json();
        String sealed = saved.at("/delivery/smarthost/password").asText();
        assertThat(sealed).startsWith("sealed:").doesNotContain("Relay-Clear-Text-77");
        // Saving back what GET returned keeps the same secret rather than sealing the sealed form again.
        assertThat(admin.put("/api/v1/settings/smtp", saved).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/settings/smtp").json().at("/delivery/smarthost/password").asText()).isEqualTo(sealed);
        try (var files = Files.walk(server.data)) {
            for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("Relay-Clear-Text-77");
            }
        }
        assertThat(admin.put("/api/v1/settings/smtp", original).status()).isEqualTo(200);
    }

    @Test
    void mx_outsideHostCannotRelay_unknownLocalRecipientRefused() throws Exception {
        String relay = run(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 25), "--local-interface", "127.0.0.30",
                "--from", "spammer@elsewhere.test", "--to", "victim@faraway.test", "--quit-after", "RCPT"));
        assertThat(relay).containsPattern("<\\*\\* 5\\d\\d");
        String unknown = run(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 25), "--local-interface", "127.0.0.30",
                "--from", "someone@elsewhere.test", "--to", "nobody@example.com", "--quit-after", "RCPT"));
        assertThat(unknown).contains("550");
        assertThat(admin.get("/api/v1/logs/security?search=127.0.0.30").json().path("lines")).isNotEmpty();
        Cli.Result queue = cli.run("queue", "list");
        assertThat(queue.exit()).as(queue.toString()).isZero();
    }
}
