package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The exchange settings form as the page would send it for these settings. */
    private static Map<String, String> exchangeForm(JsonNode s) {
        Map<String, String> f = new LinkedHashMap<>();
        if (s.get("enabled").asBoolean()) f.put("enabled", "on");
        for (String k : List.of("listenAddress", "sipPort", "sipsPort", "realm", "mediaAddress", "rtpPortMin", "rtpPortMax", "minExpires",
                "maxExpires", "ringSeconds", "maxContacts", "allowedIpGroup", "voicemailNumber", "voicemailPrefix")) {
            f.put(k, s.get(k).asText());
        }
        List<String> digests = new ArrayList<>();
        s.get("digestAlgorithms").forEach(d -> digests.add(d.asText()));
        f.put("digestAlgorithms", String.join(",", digests));
        return f;
    }

    @Test
    void exchange_badPortsAndRange_fieldErrorsAndNothingSaved_goodValuesSaved() throws Exception {
        JsonNode before = api.get("/api/v1/settings/pbx").json();
        Map<String, String> f = exchangeForm(before);
        f.put("sipPort", "70000");
        ConsoleClient.Page p = post("/admin/exchange", f);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-sipPort-err\">[^<]*whole number from 1 to 65535");
        f = exchangeForm(before);
        f.put("sipsPort", before.get("sipPort").asText());
        p = post("/admin/exchange", f);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-sipsPort-err\">[^<]*another port");
        f = exchangeForm(before);
        f.put("rtpPortMax", Integer.toString(before.get("rtpPortMin").asInt() + 1));
        p = post("/admin/exchange", f);
        assertThat(p.body()).containsPattern("id=\"f-rtpPortMin-err\">[^<]*RTP port range");
        f = exchangeForm(before);
        f.put("digestAlgorithms", "");
        assertThat(post("/admin/exchange", f).body()).containsPattern("id=\"f-digestAlgorithms-err\">[^<]*MD5 and/or SHA-256");
        assertThat(api.get("/api/v1/settings/pbx").json()).isEqualTo(before);

        f = exchangeForm(before);
        f.put("ringSeconds", "45");
        f.put("digestAlgorithms", "SHA-256,MD5");
        assertThat(post("/admin/exchange", f).status()).isEqualTo(303);
        JsonNode after = api.get("/api/v1/settings/pbx").json();
        assertThat(after.get("ringSeconds").asInt()).isEqualTo(45);
        assertThat(after.get("digestAlgorithms")).extracting(JsonNode::asText).containsExactly("SHA-256", "MD5");
        assertThat(admin.get("/admin/exchange").body()).contains("<option value=\"SHA-256,MD5\" selected>");
    }

    private static List<String> numbers() throws Exception {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/pbx/extensions").json().forEach(x -> out.add(x.get("number").asText()));
        return out;
    }

    @Test
    void extension_badInputNextToItsField_standaloneGetsGeneratedPassword_setAndRemove() throws Exception {
        assertThat(api.post("/api/v1/users", Map.of("address", "carol@example.com", "password", "C4rol!pass-x")).status()).isEqualTo(201);
        String good = "S1p-Secret!4001";
        ConsoleClient.Page p = post("/admin/extensions", Map.of("number", "12a", "owner", "carol@example.com", "sipPassword", good, "sipPassword2", good));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-number-err\">[^<]*2 to 15 digits");
        p = post("/admin/extensions", Map.of("number", "4001", "owner", "nobody@example.com", "sipPassword", good, "sipPassword2", good));
        assertThat(p.body()).containsPattern("id=\"f-owner-err\">[^<]*nobody@example.com does not exist");
        p = post("/admin/extensions", Map.of("number", "4001", "owner", "carol@example.com", "sipPassword", "short", "sipPassword2", "short"));
        assertThat(p.body()).containsPattern("id=\"f-sipPassword-err\">[^<]*9 to 128 characters");
        p = post("/admin/extensions", Map.of("number", "4001", "owner", "carol@example.com", "sipPassword", good, "sipPassword2", "other"));
        assertThat(p.body()).containsPattern("id=\"f-sipPassword2-err\">[^<]*differ");
        p = post("/admin/extensions", Map.of("number", "50", "owner", "carol@example.com", "sipPassword", good, "sipPassword2", good));
        assertThat(p.body()).containsPattern("id=\"f-number-err\">[^<]*in use: Voicemail");
        assertThat(p.body()).contains("value=\"carol@example.com\"").doesNotContain(good);
        assertThat(numbers()).doesNotContain("12a", "4001", "50");

        p = post("/admin/extensions", Map.of("number", "4000", "owner", "", "displayName", "Lobby", "sipPassword", "", "sipPassword2", ""));
        assertThat(p.status()).isEqualTo(303);
        assertThat(p.location()).isEqualTo("/admin/extensions/4000");
        String generated = api.get("/api/v1/pbx/extensions/4000/sip-password").json().get("sipPassword").asText();
        assertThat(generated).hasSizeGreaterThan(8);
        assertThat(admin.get("/admin/extensions/4000/sip-password").body()).contains("<code class=\"secret\">" + generated + "</code>");

        p = post("/admin/extensions/4000/sip-password", Map.of("sipPassword", "N3w-Secret!4000", "sipPassword2", "N3w-Secret!400"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-sipPassword2-err\">[^<]*differ");
        assertThat(post("/admin/extensions/4000/sip-password", Map.of("sipPassword", "N3w-Secret!4000", "sipPassword2", "N3w-Secret!4000"))
                .status()).isEqualTo(303);
        assertThat(api.get("/api/v1/pbx/extensions/4000/sip-password").json().get("sipPassword").asText()).isEqualTo("N3w-Secret!4000");

        // A domain administrator adds extensions for their own users only, and never sees the standalone one.
        assertThat(api.post("/api/v1/users", Map.of("address", "dora@example.com", "password", "D0ra!pass-x", "role", "DOMAIN_READ_WRITE"))
                .status()).isEqualTo(201);
        ConsoleClient dora = ConsoleClient.loggedIn(server, "dora", "D0ra!pass-x");
        String token = dora.csrf("/admin/extensions");
        p = dora.post("/admin/extensions", Map.of("_csrf", token, "number", "4002", "owner", "", "sipPassword", good, "sipPassword2", good));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-owner-err\">[^<]*whole-server administrator");
        p = dora.post("/admin/extensions", Map.of("_csrf", token, "number", "4002", "owner", "carol@example.com", "sipPassword", good,
                "sipPassword2", good));
        assertThat(p.status()).isEqualTo(303);
        assertThat(dora.get("/admin/extensions/4000").status()).isEqualTo(404);
        assertThat(dora.get("/admin/extensions").body()).contains("4002").doesNotContain("4000");

        assertThat(post("/admin/extensions/4000/remove", Map.of()).status()).isEqualTo(303);
        assertThat(numbers()).contains("4002").doesNotContain("4000");
    }

    @Test
    void mailbox_recoverDeletedBadDateNextToField_goodDateRecoversAndIsLogged() throws Exception {
        assertThat(api.post("/api/v1/users", Map.of("address", "dave@example.com", "password", "D4ve!pass-x")).status()).isEqualTo(201);
        ConsoleClient.Page page = admin.get("/admin/users/dave@example.com");
        assertThat(page.body()).contains("id=\"mb-h\"").contains("Recover deleted items").contains("id=\"f-since\"");
        ConsoleClient.Page p = post("/admin/users/dave@example.com/recover", Map.of("since", "yesterday"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-since-err\">[^<]*enter a date and time");
        p = post("/admin/users/dave@example.com/recover", Map.of("since", "2026-01-01T00:00"));
        assertThat(p.status()).isEqualTo(303);
        assertThat(api.get("/api/v1/logs/config?search=recovered").json().get("lines").toString()).contains("dave@example.com");

        assertThat(admin.get("/admin/mailstore?job=999").body()).contains("The job 999 is not known");
        p = post("/admin/mailstore/reindex", Map.of("user", "nobody@example.com"));
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.body()).containsPattern("id=\"f-user-err\">[^<]*nobody@example.com does not exist");
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
