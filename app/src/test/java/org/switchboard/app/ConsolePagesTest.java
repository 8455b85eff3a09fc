package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's configuration and definition pages over plain HTTP (no browser needed): each
 * form saves through the API, and bad input comes back next to its field with nothing saved.
 */
class ConsolePagesTest {
    static ServerProcess server;
    static Api api;
    static ConsoleClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        api = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(api.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        admin = ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static ConsoleClient.Page post(String path, Map<String, String> fields) throws Exception {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", admin.csrf("/admin"));
        return admin.post(path, withToken);
    }

    private static String servedFingerprint() throws Exception {
        try (SSLSocket s = (SSLSocket) Api.trustAll().getSocketFactory().createSocket("127.0.0.1", server.adminPort())) {
            s.startHandshake();
            X509Certificate c = (X509Certificate) s.getSession().getPeerCertificates()[0];
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        }
    }

    @Test
    void certificate_regeneratedFromPage_newConnectionsGetTheNewOne() throws Exception {
        String before = servedFingerprint();
        assertThat(admin.get("/admin/certificates").body()).contains(before);
        assertThat(post("/admin/certificates/self-signed", Map.of()).status()).isEqualTo(303);
        String after = api.get("/api/v1/certificate").json().get("sha256Fingerprint").asText();
        assertThat(after).isNotEqualTo(before);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!servedFingerprint().equals(after) && Instant.now().isBefore(deadline)) java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        assertThat(servedFingerprint()).isEqualTo(after);
    }

    @Test
    void service_badPortAndNumber_fieldErrorsAndNothingSaved() throws Exception {
        JsonNode before = api.get("/api/v1/settings/services").json();
        ConsoleClient.Page p = post("/admin/services/http", Map.of("enabled", "on", "listen", "0.0.0.0 80", "allowedIpGroup", "",
                "maxConnections", "many", "idleTimeoutSeconds", "60", "maxLineLength", "8192"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).contains("id=\"f-maxConnections-err\"").contains("enter a whole number");
        p = post("/admin/services/http", Map.of("enabled", "on", "listen", "0.0.0.0 70000", "allowedIpGroup", "",
                "maxConnections", "0", "idleTimeoutSeconds", "60", "maxLineLength", "8192"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-listen-err\">[^<]*out of range");
        p = post("/admin/services/admin", Map.of("listen", "0.0.0.0 4040 tls", "allowedIpGroup", "",
                "maxConnections", "0", "idleTimeoutSeconds", "300", "maxLineLength", "8192"));
        assertThat(p.body()).containsPattern("id=\"f-enabled-err\">[^<]*cannot be disabled");
        assertThat(api.get("/api/v1/settings/services").json()).isEqualTo(before);
    }

    @Test
    void definitions_savedThroughPages_andABadIntervalNamesItsLine() throws Exception {
        assertThat(post("/admin/ipgroups/new", Map.of("name", "Office", "description", "HQ", "entries", "192.0.2.0/24\n2001:db8::/32"))
                .status()).isEqualTo(303);
        assertThat(api.get("/api/v1/ipgroups/Office").json().get("entries")).hasSize(2);
        ConsoleClient.Page bad = post("/admin/ipgroups/new", Map.of("name", "Broken", "entries", "not-an-address"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"f-entries-err\"");
        assertThat(api.get("/api/v1/ipgroups/Broken").status()).isEqualTo(404);

        ConsoleClient.Page line = post("/admin/timeranges/new", Map.of("name", "Work", "intervals", "weekly mon-fri 08:00-17:00"));
        assertThat(line.status()).isEqualTo(400);
        assertThat(line.body()).containsPattern("id=\"f-intervals-err\">line 1:");
        assertThat(api.get("/api/v1/timeranges/Work").status()).isEqualTo(404);
        assertThat(post("/admin/timeranges/new", Map.of("name", "Work", "intervals", "weekly mon,tue,wed,thu,fri 08:00-17:00\ndaily 12:00-13:00"))
                .status()).isEqualTo(303);
        assertThat(api.get("/api/v1/timeranges/Work").json().get("intervals")).hasSize(2);

        assertThat(post("/admin/policies/new", Map.of("name", "Restricted", "rule.IMAP", "DENY", "rule.SMTP", "", "others", "group:Office"))
                .status()).isEqualTo(303);
        JsonNode policy = api.get("/api/v1/access-policies/Restricted").json();
        assertThat(policy.get("rules").get("IMAP").get("action").asText()).isEqualTo("DENY");
        assertThat(policy.get("others").get("ipGroup").asText()).isEqualTo("Office");
    }

    @Test
    void debugCategories_switchedFromPage_inLogSettings() throws Exception {
        assertThat(post("/admin/debug", Map.of("categories", "smtp", "extra", "console-test")).status()).isEqualTo(303);
        assertThat(api.get("/api/v1/settings/logs").json().get("debugCategories")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("smtp", "console-test");
        ConsoleClient.Page bad = post("/admin/debug", Map.of("extra", "no.dots"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"f-extra-err\"");
        assertThat(post("/admin/debug", Map.of()).status()).isEqualTo(303);
        assertThat(api.get("/api/v1/settings/logs").json().get("debugCategories")).isEmpty();
    }

    @Test
    void securityAndServerSettings_validatedAsAWhole() throws Exception {
        ConsoleClient.Page p = post("/admin/administration", Map.of("sessionIdleMinutes", "60", "sessionMaxMinutes", "30", "maxRequestBytes", "1048576"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-sessionMaxMinutes-err\">[^<]*at least sessionIdleMinutes");
        assertThat(api.get("/api/v1/settings/admin").json().get("sessionIdleMinutes").asInt()).isEqualTo(30);
        assertThat(post("/admin/security", Map.of("blockIps", "on", "failures", "5", "windowSeconds", "60", "blockSeconds", "600",
                "accountLockSeconds", "300", "trustedIpGroup", "")).status()).isEqualTo(303);
        assertThat(api.get("/api/v1/settings/security").json().get("failures").asInt()).isEqualTo(5);
        assertThat(post("/admin/security/unlock-all", Map.of()).status()).isEqualTo(303);
        p = post("/admin/server", Map.of("hostName", "mail.example.com", "language", "xx", "timeZone", "Mars/Base"));
        assertThat(p.body()).containsPattern("id=\"f-language-err\">[^<]*language must be one of");
    }

    @Test
    void errors_unknownPageBadEncodingHugeForm_friendlyPagesNoStackTraces() throws Exception {
        ConsoleClient.Page missing = admin.get("/admin/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("does not exist").doesNotContain("Exception");
        ConsoleClient.Page user = admin.get("/admin/users/nobody@example.com");
        assertThat(user.status()).isEqualTo(404);
        assertThat(admin.get("/admin/users/%25zz").status()).isIn(400, 404);
        assertThat(admin.get("/admin/users/a%2F..%2Fb").body()).doesNotContain("Exception");
        ConsoleClient.Page huge = post("/admin/domains", Map.of("name", "x".repeat(2 << 20)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body()).contains("nothing was changed").doesNotContain("Exception");
        assertThat(admin.get("/admin/logs/nope").status()).isEqualTo(404);
    }
}
