package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 2 acceptance: the real server in its own JVM, driven over HTTP (Java's client and
 * curl) as an admin would. One server for the class; tests run in order because the later
 * ones (restart, kill -9) check what the earlier ones created.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundationAcceptanceTest {
    static ServerProcess server;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    static List<String> targets(JsonNode resolution) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : resolution.get("targets")) {
            out.add(t.has("address") ? t.get("address").asText() : t.get("path").asText());
        }
        return out;
    }

    @Test
    @Order(1)
    void directory_domainsUsersGroupsAliases_checkAddressExplainsResolution() throws Exception {
        JsonNode d = ok(admin.post("/api/v1/domains", Map.of("name", "Example.COM", "description", "Main")));
        assertThat(d.get("name").asText()).isEqualTo("example.com");
        assertThat(d.get("primary").asBoolean()).isTrue();
        ok(admin.post("/api/v1/domains", Map.of("name", "holmes.test")));
        ok(admin.post("/api/v1/domains/example.com/aliases", Map.of("alias", "example.net")));

        ok(admin.post("/api/v1/users", Map.of("address", "alice", "password", "S3cret!pass", "fullName", "Alice Smith")));
        ok(admin.post("/api/v1/users", Map.of("address", "bob@example.com", "password", "B0b-Secret!", "addresses", List.of("robert"))));
        ok(admin.post("/api/v1/users", Map.of("address", "sherlock@holmes.test", "password", "Sh3rl0ck!x")));
        ok(admin.post("/api/v1/users", Map.of("address", "watson@holmes.test", "password", "W4tson!xy")));
        ok(admin.post("/api/v1/groups", Map.of("address", "sales@example.com", "addresses", List.of("team"),
                "members", List.of("alice", "bob"))));
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "sales*@example.com", "target", "bob@example.com")));
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "genius@holmes.test", "target", "sherlock@holmes.test")));
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "?ill@holmes.test", "target", "sherlock")));
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "*@holmes.test", "target", "watson")));
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "info@holmes.test", "target", "#public/Info")));
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "ext@example.com", "target", "someone@elsewhere.test")));

        assertThat(targets(ok(admin.get("/api/v1/check-address?address=ALICE@example.net")))).containsExactly("alice@example.com");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=robert@example.com")))).containsExactly("bob@example.com");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=team@example.com"))))
                .containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=sales-north@example.com")))).containsExactly("bob@example.com");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=genius@holmes.test")))).containsExactly("sherlock@holmes.test");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=will@holmes.test")))).containsExactly("sherlock@holmes.test");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=nobody@holmes.test")))).containsExactly("watson@holmes.test");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=info@holmes.test")))).containsExactly("#public/Info");
        assertThat(targets(ok(admin.get("/api/v1/check-address?address=ext@example.com")))).containsExactly("someone@elsewhere.test");
        JsonNode unknown = ok(admin.get("/api/v1/check-address?address=nobody@example.com"));
        assertThat(unknown.get("targets").get(0).has("address")).isTrue();
        assertThat(unknown.get("steps").toString()).contains("no such user");
        JsonNode steps = ok(admin.get("/api/v1/check-address?address=nobody@holmes.test"));
        assertThat(steps.get("steps").toString()).contains("catch-all");

        // The Config log names who changed what, from where.
        assertThat(ok(admin.get("/api/v1/logs/config?search=domain%20example.com")).get("lines").toString())
                .contains("Admin (127.0.0.1)");
    }

    @Test
    @Order(2)
    void curl_realClient_listsUsersWithBearerToken() throws Exception {
        Process p = new ProcessBuilder("curl", "-sk", "-H", "Authorization: Bearer " + admin.token(),
                server.adminUrl() + "/api/v1/users?domain=example.com").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("alice@example.com").contains("Alice Smith").doesNotContain("passwordHash").doesNotContain("argon2");
    }

    @Test
    @Order(3)
    void roles_readOnlyAdmin_seesButCannotChange() throws Exception {
        ok(admin.post("/api/v1/users", Map.of("address", "auditor", "password", "Aud1tor!xy", "role", "SERVER_READ_ONLY")));
        Api ro = Api.loggedIn(server, "auditor", "Aud1tor!xy");
        assertThat(ro.get("/api/v1/domains").status()).isEqualTo(200);
        assertThat(ro.get("/api/v1/users").status()).isEqualTo(200);
        for (Api.Response r : List.of(
                ro.post("/api/v1/domains", Map.of("name", "evil.test")),
                ro.post("/api/v1/users", Map.of("address", "mallory", "password", "M4llory!xy")),
                ro.patch("/api/v1/users/alice", Map.of("enabled", false)),
                ro.delete("/api/v1/aliases/whatever"),
                ro.post("/api/v1/security/unlock-all", Map.of()),
                ro.put("/api/v1/settings/security", Map.of()))) {
            assertThat(r.status()).as(r.body()).isIn(403, 404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asText()).isNotBlank();
        }
        assertThat(ro.post("/api/v1/domains", Map.of("name", "evil.test")).json().get("detail").asText()).contains("read-only");
        assertThat(ok(admin.get("/api/v1/domains")).toString()).doesNotContain("evil.test");
        assertThat(ok(admin.get("/api/v1/users/alice")).get("enabled").asBoolean()).isTrue();

        // A domain administrator manages their own domain only.
        ok(admin.post("/api/v1/users", Map.of("address", "keeper@holmes.test", "password", "K33per!xyz", "role", "DOMAIN_READ_WRITE")));
        Api dom = Api.loggedIn(server, "keeper@holmes.test", "K33per!xyz");
        assertThat(dom.post("/api/v1/users", Map.of("address", "lestrade@holmes.test", "password", "L3strade!x")).status()).isEqualTo(201);
        assertThat(dom.post("/api/v1/users", Map.of("address", "intruder@example.com", "password", "Intrud3r!x")).status()).isEqualTo(403);
        assertThat(dom.get("/api/v1/users").json().toString()).contains("holmes.test").doesNotContain("alice@example.com");
        assertThat(dom.post("/api/v1/domains", Map.of("name", "x.test")).status()).isEqualTo(403);

        // A user without rights cannot use the admin API at all.
        assertThat(new Api(server.adminUrl()).login("alice", "S3cret!pass").status()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void badInput_clearErrorsAndNoPartialChange() throws Exception {
        for (String bad : List.of("bad..name", "-x.com", "a b.com", "nodot", "x".repeat(64) + ".com")) {
            Api.Response r = admin.post("/api/v1/domains", Map.of("name", bad));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("detail").asText()).contains("not a valid domain name");
        }
        // An alias loop is refused and nothing is saved.
        ok(admin.post("/api/v1/aliases", Map.of("pattern", "loopa@example.com", "target", "loopb")));
        Api.Response loop = admin.post("/api/v1/aliases", Map.of("pattern", "loopb@example.com", "target", "loopa"));
        assertThat(loop.status()).isEqualTo(400);
        assertThat(loop.json().get("detail").asText()).contains("loop");
        assertThat(ok(admin.get("/api/v1/aliases?domain=example.com")).toString()).doesNotContain("loopb@");

        // Malformed CSV: bad rows reported by line, nothing imported.
        String csv = "Name;Password;FullName;Description;MailAddress;Groups\n"
                + "csv1;Imp0rt-Secret!;Csv One;;csv.one;importers\n"
                + "bad name;Imp0rt-Secret!;Bad;;;\n"
                + "csv3;\"unterminated;x;;;\n";
        Api.Response imp = admin.send("POST", "/api/v1/users/import?domain=example.com", csv, "text/csv");
        assertThat(imp.status()).isEqualTo(400);
        assertThat(imp.json().get("errors").toString()).contains("line 3").contains("line 4");
        assertThat(admin.get("/api/v1/users/csv1@example.com").status()).isEqualTo(404);
        // With the explicit flag the good rows are imported and the bad ones reported.
        Api.Response partial = admin.send("POST", "/api/v1/users/import?domain=example.com&partial=true", csv, "text/csv");
        assertThat(partial.status()).isEqualTo(200);
        assertThat(partial.json().get("created").toString()).contains("csv1@example.com");
        assertThat(partial.json().get("skipped").toString()).contains("line 3");
        assertThat(ok(admin.get("/api/v1/users/csv1@example.com")).get("groups").toString()).contains("importers");

        // Oversized body: 413 and nothing created.
        String huge = "{\"name\":\"" + "a".repeat(2 << 20) + ".com\"}";
        Api.Response big = admin.send("POST", "/api/v1/domains", huge, "application/json");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.contentType()).startsWith("application/problem+json");

        assertThat(admin.send("POST", "/api/v1/domains", "{not json", "application/json").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/nothing-here").status()).isEqualTo(404);
        assertThat(admin.send("PUT", "/api/v1/check-address", "{}", "application/json").status()).isEqualTo(405);
        Api.Response weak = admin.post("/api/v1/users", Map.of("address", "weak", "password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("errors").get(0).get("field").asText()).isEqualTo("password");
        assertThat(admin.get("/api/v1/users/weak").status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void lockout_tenFailures_blockSource_untilUnlockAll() throws Exception {
        // Failures come from 127.0.0.30 (curl --interface), so this test's admin session keeps working.
        for (int i = 0; i < 10; i++) {
            assertThat(curlLogin("127.0.0.30", "Admin", "wrong-" + i)).isEqualTo(401);
        }
        assertThat(curlLogin("127.0.0.30", "Admin", ServerProcess.ADMIN_PASSWORD)).isEqualTo(429);
        assertThat(curlLogin("127.0.0.31", "Admin", ServerProcess.ADMIN_PASSWORD)).isEqualTo(200);
        JsonNode blocked = ok(admin.get("/api/v1/security/blocked"));
        assertThat(blocked.get("blocks").toString()).contains("127.0.0.30").contains("admin");
        assertThat(ok(admin.get("/api/v1/logs/security?search=127.0.0.30%20blocked")).get("lines")).isNotEmpty();
        assertThat(ok(admin.post("/api/v1/security/unlock-all", Map.of())).get("lifted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(curlLogin("127.0.0.30", "Admin", ServerProcess.ADMIN_PASSWORD)).isEqualTo(200);
    }

    static int curlLogin(String from, String user, String password) throws Exception {
        Process p = new ProcessBuilder("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "--interface", from,
                "-H", "Content-Type: application/json",
                "--data", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}",
                server.adminUrl() + "/api/v1/login").start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        return Integer.parseInt(code);
    }

    @Test
    @Order(6)
    void everyListener_survivesGarbageAndSilence() throws Exception {
        int[] ports = {server.offset + 4040, server.offset + 80, server.offset + 443, server.offset + 110, server.offset + 995};
        Random random = new Random(42);
        List<Socket> silent = new ArrayList<>();
        for (int port : ports) {
            for (int i = 0; i < 20; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    s.setSoTimeout(2000);
                    byte[] junk = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(junk);
                    OutputStream out = s.getOutputStream();
                    out.write(i % 3 == 0 ? "GET / HTTP/1.1\r\nHost: x\r\nX: ".getBytes(StandardCharsets.US_ASCII) : junk);
                    out.flush();
                    drainQuietly(s.getInputStream());
                } catch (java.io.IOException expected) {
                    // The server may close on us: that is a fine answer to garbage.
                }
            }
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            silent.add(s);
        }
        assertThat(ok(admin.get("/health")).get("status").asText()).isEqualTo("UP");
        assertThat(ok(admin.get("/api/v1/domains"))).isNotEmpty();
        for (Socket s : silent) s.close();
        assertThat(server.isAlive()).isTrue();
    }

    private static void drainQuietly(InputStream in) {
        try {
            in.readNBytes(65536);
        } catch (java.io.IOException ignored) {
            // Timeouts and resets are expected here.
        }
    }

    @Test
    @Order(7)
    void services_ipRestrictionFromGroup_appliesWithoutRestart() throws Exception {
        ok(admin.put("/api/v1/ipgroups/Thirty", Map.of("entries", List.of("127.0.0.30"))));
        JsonNode services = ok(admin.get("/api/v1/settings/services"));
        for (JsonNode s : services.get("services")) {
            if (s.get("name").asText().equals("http")) ((com.fasterxml.jackson.databind.node.ObjectNode) s).put("allowedIpGroup", "Thirty");
        }
        ok(admin.send("PUT", "/api/v1/settings/services", services.toString(), "application/json"));
        String url = "http://127.0.0.1:" + (server.offset + 80) + "/";
        awaitStatus("127.0.0.31", url, 403);
        assertThat(curlStatus("127.0.0.30", url)).isEqualTo(200);
        // A group in use cannot be removed; the admin service cannot be switched off.
        assertThat(admin.delete("/api/v1/ipgroups/Thirty").status()).isEqualTo(409);
        for (JsonNode s : services.get("services")) {
            if (s.get("name").asText().equals("admin")) ((com.fasterxml.jackson.databind.node.ObjectNode) s).put("enabled", false);
        }
        Api.Response off = admin.send("PUT", "/api/v1/settings/services", services.toString(), "application/json");
        assertThat(off.status()).isEqualTo(400);
        assertThat(off.json().get("detail").asText()).contains("admin service cannot be disabled");
        assertThat(ok(admin.get("/api/v1/logs/config?search=settings%20services%20changed")).get("lines")).isNotEmpty();
    }

    static int curlStatus(String from, String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "--interface", from, url).start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        return code.isEmpty() ? -1 : Integer.parseInt(code);
    }

    static void awaitStatus(String from, String url, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = curlStatus(from, url);
            if (last == expected) return;
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new AssertionError("expected HTTP " + expected + " from " + url + " but got " + last);
    }

    @Test
    @Order(8)
    void apiDocuments_openApiHealthMetrics() throws Exception {
        JsonNode doc = ok(new Api(server.adminUrl()).get("/api/openapi.json"));
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        assertThat(doc.get("paths").has("/api/v1/users/{address}")).isTrue();
        assertThat(doc.get("components").get("schemas").has("UserView")).isTrue();
        String metrics = new Api(server.adminUrl()).get("/metrics").body();
        assertThat(metrics).contains("switchboard_users").contains("jvm_memory_used_bytes");
        assertThat(new Api(server.adminUrl()).get("/api/v1/domains").status()).isEqualTo(401);
    }

    @Test
    @Order(9)
    void restart_sigtermAndKill9_everythingSurvives() throws Exception {
        ok(admin.patch("/api/v1/users/bob", Map.of("fullName", "Robert Builder")));
        ok(admin.put("/api/v1/ipgroups/Office", Map.of("entries", List.of("192.0.2.0/24", "2001:db8::/32"))));
        assertThat(server.terminate()).isIn(0, 143);
        server.restart();
        Api a = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(ok(a.get("/api/v1/users/bob")).get("fullName").asText()).isEqualTo("Robert Builder");
        assertThat(targets(ok(a.get("/api/v1/check-address?address=nobody@holmes.test")))).containsExactly("watson@holmes.test");

        // A change acknowledged just before kill -9 is still there afterwards.
        ok(a.post("/api/v1/users", Map.of("address", "lastone@holmes.test", "password", "L4stOne!xy")));
        ok(a.post("/api/v1/domains/holmes.test/rename", Map.of("newName", "baker.test")));
        server.kill9();
        server.restart();
        Api b = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(ok(b.get("/api/v1/users/lastone@baker.test")).get("address").asText()).isEqualTo("lastone@baker.test");
        assertThat(ok(b.get("/api/v1/domains/baker.test")).get("aliases").toString()).contains("holmes.test");
        assertThat(targets(ok(b.get("/api/v1/check-address?address=genius@holmes.test")))).containsExactly("sherlock@baker.test");
        assertThat(ok(b.get("/api/v1/ipgroups/office")).get("entries").toString()).contains("192.0.2.0/24");
        assertThat(new Api(server.adminUrl()).login("alice", "S3cret!pass").status()).isEqualTo(403);
    }
}
