package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;

/**
 * Issue 6 acceptance: the console in real headless Chromium against the real server. One
 * server and one browser for the class; tests run in order because later ones use what the
 * earlier ones created through the pages (and check it through the API).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static ServerProcess server;
    static Api api;
    static Chromium b;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        api = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(api.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        b = Chromium.start(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) b.close();
        if (server != null) server.close();
    }

    static final String SIP_PASSWORD = "S1p-Secret!1001";

    private static JsonNode extension(Api api, String number) throws Exception {
        for (JsonNode x : api.get("/api/v1/pbx/extensions").json()) if (x.get("number").asText().equals(number)) return x;
        throw new AssertionError("no extension " + number + " in the API");
    }

    /** One REGISTER with digest authentication from SIPp, as a desk phone does it. */
    private static void register(String number, String password) throws Exception {
        Path dir = Files.createTempDirectory("sipp");
        Path scenario = dir.resolve("register.xml");
        try (var in = ConsoleBrowserTest.class.getResourceAsStream("/sipp/register.xml")) {
            Files.copy(in, scenario);
        }
        Files.writeString(dir.resolve("users.csv"), "SEQUENTIAL\n" + number + ";[authentication username=" + number + " password=" + password + "]\n");
        Process sipp = new ProcessBuilder("sipp", "-sf", scenario.toString(), "-inf", dir.resolve("users.csv").toString(), "-m", "1",
                "-i", "127.0.0.1", "-p", Integer.toString(PbxAdminTest.freeUdpPort()), "-nostdin", "-timeout", "20s", "-timeout_error",
                "127.0.0.1:" + (server.offset + 5060)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(sipp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sipp.exitValue()).as(out).isZero();
    }

    private static void submit(String formAction) {
        b.find("form[method=post][action='" + formAction + "'] button[type=submit]").click();
    }

    @Test
    @Order(1)
    void login_wrongPassword_showsReasonAndStaysOnLoginPage() {
        b.login("Admin", "not-the-password");
        b.await(WAIT, d -> !b.all("#login-error").isEmpty());
        assertThat(b.text("#login-error")).isEqualTo("wrong user name or password");
        assertThat(b.path()).startsWith("/admin/login");
    }

    @Test
    @Order(2)
    void dashboard_afterLogin_showsServicesAndLiveCharts() throws Exception {
        b.login("Admin", ServerProcess.ADMIN_PASSWORD);
        b.await(WAIT, d -> b.path().equals("/admin"));
        assertThat(b.text("h1")).isEqualTo("Dashboard");
        assertThat(b.text("#live table")).contains("admin").contains("running");
        // The sampler takes one sample every 10 s; htmx swaps the live part in when the charts have two.
        b.await(Duration.ofSeconds(45), d -> !b.all("#live figure.chart svg polyline").isEmpty());
        assertThat(b.find("#live figure.chart svg").getAttribute("aria-label")).contains("over the last hour");
        b.screenshot("dashboard");

        b.size(390, 844);
        b.open("/admin");
        assertThat((Boolean) b.js("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;")).isTrue();
        b.screenshot("dashboard-phone");
        b.size(1280, 800);
    }

    @Test
    @Order(3)
    void domain_createdThroughPage_existsInApi() throws Exception {
        b.open("/admin/domains");
        b.type("#f-name", "second.test");
        b.type("#f-description", "Second <b>domain</b>");
        submit("/admin/domains");
        b.await(WAIT, d -> b.path().equals("/admin/domains/second.test"));
        assertThat(b.text(".notice")).contains("Domain second.test created.");
        JsonNode d = api.get("/api/v1/domains/second.test").json();
        assertThat(d.get("description").asText()).isEqualTo("Second <b>domain</b>");
        assertThat(d.get("primary").asBoolean()).isFalse();
        // Escaped, not interpreted: the description shows as typed.
        assertThat(b.find("#f-description").getAttribute("value")).isEqualTo("Second <b>domain</b>");
        assertThat(b.all("#main b")).isEmpty();
    }

    @Test
    @Order(4)
    void user_badInput_fieldErrorsAndNothingSaved() throws Exception {
        b.open("/admin/users/new?domain=example.com");
        b.type("#f-name", "alice");
        b.type("#f-password", "short");
        b.type("#f-password2", "short");
        b.type("#f-quota-storageMb", "lots");
        submit("/admin/users/new");
        b.await(WAIT, d -> !b.all("#f-quota-storageMb-err").isEmpty());
        assertThat(b.text("#f-quota-storageMb-err")).contains("whole number of MiB");
        assertThat(b.find("#f-name").getAttribute("value")).isEqualTo("alice");
        assertThat(api.get("/api/v1/users/alice@example.com").status()).isEqualTo(404);

        b.type("#f-password", "short");
        b.type("#f-password2", "short");
        b.type("#f-quota-storageMb", "100");
        submit("/admin/users/new");
        b.await(WAIT, d -> !b.all("#f-password-err").isEmpty());
        assertThat(b.text("#f-password-err")).contains("at least 8 characters");
        assertThat(b.text(".alert")).contains("Nothing was saved");
        assertThat(api.get("/api/v1/users/alice@example.com").status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void user_createdThroughPage_existsInApi() throws Exception {
        b.open("/admin/users/new?domain=example.com");
        b.type("#f-name", "alice");
        b.type("#f-password", "S3cret!pass-x");
        b.type("#f-password2", "S3cret!pass-x");
        b.type("#f-fullName", "Alice Smith");
        b.type("#f-addresses", "ali\nasmith");
        b.type("#f-quota-storageMb", "100");
        submit("/admin/users/new");
        b.await(WAIT, d -> b.path().equals("/admin/users/alice%40example.com") || b.path().equals("/admin/users/alice@example.com"));
        assertThat(b.text(".notice")).contains("User alice@example.com created.");
        JsonNode u = api.get("/api/v1/users/alice@example.com").json();
        assertThat(u.get("fullName").asText()).isEqualTo("Alice Smith");
        assertThat(u.get("quota").get("storageBytes").asLong()).isEqualTo(100L << 20);
        assertThat(u.get("addresses")).extracting(JsonNode::asText).containsExactly("ali", "asmith");

        // Disable through the edit page, then enable again. The page after the first save already shows a notice,
        // so each step waits for the old page to go away before it looks for the new notice.
        for (boolean enabled : new boolean[] {false, true}) {
            WebElement before = b.find("section.card form button[type=submit]");
            b.find("#f-enabled").click();
            b.clickAndAwaitReplaced(before, WAIT);
            b.await(WAIT, d -> !b.all(".notice").isEmpty());
            assertThat(api.get("/api/v1/users/alice@example.com").json().get("enabled").asBoolean()).isEqualTo(enabled);
        }

        b.open("/admin/users?domain=example.com");
        assertThat(b.text("table.grid")).contains("alice@example.com").contains("Alice Smith");
        b.screenshot("users");
    }

    @Test
    @Order(6)
    void group_createdThroughPage_existsInApi() throws Exception {
        b.open("/admin/groups/new?domain=example.com");
        b.type("#f-name", "sales");
        b.type("#f-description", "Sales team");
        b.find("#f-members-alice_example_com").click();
        submit("/admin/groups/new");
        b.await(WAIT, d -> b.path().startsWith("/admin/groups/sales"));
        JsonNode g = api.get("/api/v1/groups/sales@example.com").json();
        assertThat(g.get("members")).extracting(JsonNode::asText).containsExactly("alice@example.com");
        assertThat(g.get("description").asText()).isEqualTo("Sales team");
    }

    @Test
    @Order(7)
    void alias_createdThroughPage_andCheckAddressAnswersLive() throws Exception {
        b.open("/admin/aliases?domain=example.com");
        b.type("#f-pattern", "info");
        b.type("#f-target", "alice");
        submit("/admin/aliases");
        b.await(WAIT, d -> !b.all(".notice").isEmpty());
        JsonNode aliases = api.get("/api/v1/aliases?domain=example.com").json();
        assertThat(aliases).extracting(a -> a.get("pattern").asText() + "->" + a.get("target").asText()).containsExactly("info->alice");

        b.find("#check-address").sendKeys("info@example.com");
        b.await(WAIT, d -> b.text("#check-result").contains("alice@example.com"));
        assertThat(b.text("#check-result")).contains("is delivered to").contains("mailbox of alice@example.com");
        assertThat(b.path()).startsWith("/admin/aliases");   // answered in place, no navigation

        // What the pages created, the CLI shows (issue 6: "see them in the CLI").
        Cli cli = new Cli(server, java.nio.file.Files.createTempDirectory("known").resolve("known_servers"));
        assertThat(cli.run("user", "list", "--domain", "example.com").out()).contains("alice@example.com");
        assertThat(cli.run("group", "list", "--domain", "example.com").out()).contains("sales@example.com");
        assertThat(cli.run("alias", "list", "--domain", "example.com").out()).contains("info@example.com").contains("alice");
        assertThat(cli.run("domain", "list").out()).contains("example.com");
    }

    @Test
    @Order(8)
    void logs_followLive_newLinesAppearAndHighlightWithoutReload() throws Exception {
        b.open("/admin/logs/config?follow=on&highlight=follow-marker.test");
        assertThat(b.find("#log-lines").getText()).doesNotContain("follow-marker.test");
        assertThat(api.post("/api/v1/domains", Map.of("name", "follow-marker.test")).status()).isEqualTo(201);
        b.await(WAIT, d -> b.find("#log-lines").getText().contains("follow-marker.test"));
        assertThat(b.all("#log-lines mark")).extracting(WebElement::getText).contains("follow-marker.test");
        assertThat(b.path()).startsWith("/admin/logs/config");

        b.open("/admin/logs/config?search=" + java.net.URLEncoder.encode("([", java.nio.charset.StandardCharsets.UTF_8) + "&regex=on");
        assertThat(b.text("#f-search-err")).contains("invalid regular expression");
    }

    @Test
    @Order(9)
    void extension_createdThroughPage_existsInApiAndItsPhoneRegistersLive() throws Exception {
        b.open("/admin/users/alice@example.com");
        assertThat(b.text("#ph-h")).isEqualTo("Phone extensions");
        b.find("a[href^='/admin/extensions?owner=']").click();
        b.await(WAIT, d -> b.path().startsWith("/admin/extensions?owner="));
        assertThat(b.find("#f-owner").getAttribute("value")).isEqualTo("alice@example.com");
        b.type("#f-number", "1001");
        b.type("#f-displayName", "Alice <desk>");
        b.type("#f-sipPassword", SIP_PASSWORD);
        b.type("#f-sipPassword2", SIP_PASSWORD);
        b.type("#f-ringSeconds", "25");
        submit("/admin/extensions");
        b.await(WAIT, d -> b.path().equals("/admin/extensions/1001"));
        assertThat(b.text(".notice")).contains("Extension 1001 added for alice@example.com");
        JsonNode x = extension(api, "1001");
        assertThat(x.get("owner").asText()).isEqualTo("alice@example.com");
        assertThat(x.get("displayName").asText()).isEqualTo("Alice <desk>");
        assertThat(x.get("ringSeconds").asInt()).isEqualTo(25);

        // A server administrator can read the SIP password back, in place, to set up a phone.
        b.find("form[method=get][action='/admin/extensions/1001/sip-password'] button").click();
        b.await(WAIT, d -> b.text("#sip-secret").equals(SIP_PASSWORD));
        assertThat(b.path()).isEqualTo("/admin/extensions/1001");

        // A real phone (SIPp) registers with it; the registrations page shows it without a reload.
        b.open("/admin/registrations");
        assertThat(b.text("#registrations")).contains("No phone is registered");
        register("1001", SIP_PASSWORD);
        // Read inside the wait: the live part is replaced every few seconds.
        b.await(WAIT, d -> b.text("#registrations").contains("1001") && b.text("#registrations").contains("UDP")
                && b.text("#registrations").contains("127.0.0.1") && b.text("#registrations").contains("SIPp"));
        assertThat(b.path()).isEqualTo("/admin/registrations");
        b.screenshot("registrations");
        b.open("/admin");
        assertThat(b.text("#live a[href='/admin/registrations']")).endsWith("registered phones");
        assertThat(b.text("#live a[href='/admin/registrations'] .num")).isEqualTo("1");
        assertThat(b.text("#live a[href='/admin/calls'] .num")).isEqualTo("0");
        b.open("/admin/users/alice@example.com");
        assertThat(b.all("a[href='/admin/extensions/1001']")).isNotEmpty();
        b.open("/admin/extensions/1001");
        b.screenshot("extension");
    }

    @Test
    @Order(10)
    void connectedUsers_livePop3Session_appearsAndLeavesWithoutReload() throws Exception {
        b.open("/admin/connections");
        assertThat(b.text("#connections")).contains("Nobody is connected");
        String script = """
                import poplib, ssl, sys
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                p = poplib.POP3_SSL('127.0.0.1', int(sys.argv[1]), context=ctx)
                p.user('alice'); p.pass_(sys.argv[2])
                print(p.stat(), flush=True)
                sys.stdin.readline()
                p.quit()
                """;
        Process pop = new ProcessBuilder("python3", "-c", script, Integer.toString(server.offset + 995), "S3cret!pass-x").start();
        try {
            String first = new BufferedReader(new InputStreamReader(pop.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(first).isEqualTo("(0, 0)");
            b.await(WAIT, d -> b.text("#connections").contains("alice@example.com") && b.text("#connections").contains("POP3")
                    && b.text("#connections").contains("127.0.0.1"));
            assertThat(b.path()).isEqualTo("/admin/connections");
            b.open("/admin");
            assertThat(b.text("#live a[href='/admin/connections']")).endsWith("IMAP/POP3 sessions");
            assertThat(b.text("#live a[href='/admin/connections'] .num")).isEqualTo("1");
            b.open("/admin/connections");
        } finally {
            pop.getOutputStream().write('\n');
            pop.getOutputStream().flush();
            assertThat(pop.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        b.await(WAIT, d -> b.text("#connections").contains("Nobody is connected"));

        // The login created the standard folders: the user's page shows them with the usage against the quota.
        b.open("/admin/users/alice@example.com");
        assertThat(b.text("#folders")).contains("INBOX").contains("Sent").contains("Trash");
        assertThat(b.text("#mb-h + dl")).contains("of 100.0 MiB");
        b.js("document.getElementById('mb-h').scrollIntoView();");
        b.screenshot("user-mailbox");
    }

    @Test
    @Order(11)
    void mailStore_rebuildSearchIndexButton_jobRunsToTheEnd() throws Exception {
        b.open("/admin/mailstore");
        submit("/admin/mailstore/reindex");
        b.await(WAIT, d -> b.path().startsWith("/admin/mailstore?job="));
        b.await(WAIT, d -> b.text("#job").contains("finished"));
        b.screenshot("mailstore");
        String id = b.path().substring("/admin/mailstore?job=".length());
        assertThat(api.get("/api/v1/jobs/" + id).json().get("finished").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/logs/config?search=reindex").json().get("lines").toString()).contains("Admin");
    }

    @Test
    @Order(12)
    void readOnlyAdmin_seesPagesButCannotSave() throws Exception {
        assertThat(api.post("/api/v1/users", Map.of("address", "viewer@example.com", "password", "V1ewer!pass",
                "role", "SERVER_READ_ONLY")).status()).isEqualTo(201);
        b.driver.manage().deleteAllCookies();
        b.login("viewer", "V1ewer!pass");
        b.await(WAIT, d -> b.path().equals("/admin"));
        b.open("/admin/users/alice@example.com");
        assertThat(b.all(".readonly")).isNotEmpty();
        assertThat(b.find("#f-fullName").isEnabled()).isFalse();
        assertThat(b.all("main button[type=submit]")).isEmpty();
        b.open("/admin/domains");
        assertThat(b.all("#f-name")).isEmpty();

        // Forcing the form through anyway: the API's own check refuses it, with a clear message.
        b.open("/admin/users/alice@example.com");
        b.js("var f = document.querySelector('main form'); f.querySelectorAll('[disabled]').forEach(e => e.disabled = false);"
                + "document.getElementById('f-fullName').value = 'Hacked'; f.submit();");
        b.await(WAIT, d -> !b.all(".alert").isEmpty());
        assertThat(b.text(".alert")).contains("read-only").contains("nothing was changed");
        assertThat(api.get("/api/v1/users/alice@example.com").json().get("fullName").asText()).isEqualTo("Alice Smith");
    }

    @Test
    @Order(13)
    void readOnlyAdmin_telephonyAndMailPagesWithoutSaveControls() throws Exception {
        for (String page : List.of("/admin/extensions", "/admin/extensions/1001", "/admin/registrations", "/admin/calls",
                "/admin/callhistory", "/admin/dialplan", "/admin/exchange", "/admin/connections", "/admin/mailstore")) {
            b.open(page);
            assertThat(b.path()).as(page).isEqualTo(page);
            assertThat(b.all("main form[method=post] button")).as(page).isEmpty();
            assertThat(b.all(".alert")).as(page).isEmpty();
        }
        b.open("/admin/extensions");
        assertThat(b.text("table.grid")).contains("1001").contains("alice@example.com");
        assertThat(b.all("#f-number")).isEmpty();
        b.open("/admin/extensions/1001");
        assertThat(b.all(".readonly")).isNotEmpty();
        assertThat(b.all("#sip-secret")).isEmpty();
        assertThat(b.all("main button")).isEmpty();
        b.open("/admin/exchange");
        assertThat(b.find("#f-sipPort").isEnabled()).isFalse();
        assertThat(b.all(".readonly")).isNotEmpty();

        // Asking for the SIP password anyway: the API refuses, and the page says why without showing it.
        b.open("/admin/extensions/1001/sip-password");
        assertThat(b.text(".alert")).contains("read-only");
        assertThat(b.find("main").getText()).doesNotContain(SIP_PASSWORD);
    }

    @Test
    @Order(14)
    void csrf_postWithoutOrWithWrongToken_refused403AndNothingSaved() throws Exception {
        b.driver.manage().deleteAllCookies();
        b.login("Admin", ServerProcess.ADMIN_PASSWORD);
        b.await(WAIT, d -> b.path().equals("/admin"));
        String fetch = "return fetch('/admin/domains', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: arguments[0]}).then(r => r.text().then(t => r.status + ' ' + t));";
        String missing = (String) b.js(fetch, "name=csrf-one.test");
        String wrong = (String) b.js(fetch, "name=csrf-two.test&_csrf=not-the-token");
        assertThat(missing).startsWith("403 ").contains("security token");
        assertThat(wrong).startsWith("403 ").contains("security token");
        assertThat(api.get("/api/v1/domains/csrf-one.test").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/domains/csrf-two.test").status()).isEqualTo(404);

        // The same request with the page's token is accepted: the refusal was the token, not the rights.
        ConsoleClient c = ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(c.post("/admin/domains", Map.of("name", "csrf-three.test")).status()).isEqualTo(403);
        assertThat(c.post("/admin/domains", Map.of("name", "csrf-three.test", "_csrf", c.csrf("/admin/domains"))).status()).isEqualTo(303);
        assertThat(api.get("/api/v1/domains/csrf-three.test").status()).isEqualTo(200);
        assertThat(c.get("/admin").headers().firstValue("content-security-policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
    }

    @Test
    @Order(15)
    void sessionCookie_isSecureHttpOnlySameSiteStrict() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        var login = c.get("/admin/login");
        assertThat(login.headers().allValues("set-cookie")).allSatisfy(v -> assertThat(v).contains("Secure").contains("HttpOnly").contains("SameSite=Strict"));
        var cookie = b.driver.manage().getCookieNamed("sb_session");
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
    }

    @Test
    @Order(16)
    void crawl_everyConsoleLinkForEachRole_noServerErrorsAndEveryFieldLabelled() throws Exception {
        assertThat(api.post("/api/v1/users", Map.of("address", "boss@second.test", "password", "B0ss!pass-x",
                "role", "DOMAIN_READ_WRITE")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/pbx/extensions", Map.of("number", "2001", "owner", "boss@second.test")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/pbx/extensions", Map.of("number", "3000", "displayName", "Lobby")).status()).isEqualTo(201);
        Map<String, Integer> seen = new LinkedHashMap<>();
        seen.putAll(crawl(ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD), "Admin"));
        seen.putAll(crawl(ConsoleClient.loggedIn(server, "viewer", "V1ewer!pass"), "viewer"));
        Map<String, Integer> domainAdmin = crawl(ConsoleClient.loggedIn(server, "boss@second.test", "B0ss!pass-x"), "boss");
        seen.putAll(domainAdmin);
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("Admin /admin/logs/")).anyMatch(k -> k.startsWith("Admin /admin/services/"))
                .anyMatch(k -> k.startsWith("viewer /admin/certificates")).anyMatch(k -> k.startsWith("boss /admin/users"));
        assertThat(domainAdmin.keySet()).noneMatch(k -> k.contains("/admin/services") || k.contains("/admin/logs"));
        for (String who : List.of("Admin", "viewer")) {
            assertThat(seen.keySet()).as(who).contains(who + " /admin/connections", who + " /admin/connections/live", who + " /admin/mailstore",
                    who + " /admin/extensions", who + " /admin/extensions/1001", who + " /admin/extensions/3000", who + " /admin/registrations",
                    who + " /admin/registrations/live", who + " /admin/calls", who + " /admin/calls/live", who + " /admin/callhistory",
                    who + " /admin/callhistory/calls.csv?limit=200", who + " /admin/dialplan", who + " /admin/dialplan/dialplan.csv",
                    who + " /admin/exchange", who + " /admin/queue", who + " /admin/queue/live", who + " /admin/smtp",
                    who + " /admin/lists");
        }
        // A domain administrator reaches their own users' extensions and nothing else of the exchange.
        assertThat(domainAdmin.keySet()).contains("boss /admin/extensions", "boss /admin/extensions/2001", "boss /admin/lists",
                        "boss /admin/lists/new")
                .noneMatch(k -> k.contains("/admin/extensions/1001") || k.contains("/admin/extensions/3000") || k.contains("/admin/registrations")
                        || k.contains("/admin/calls") || k.contains("/admin/dialplan") || k.contains("/admin/exchange")
                        || k.contains("/admin/connections") || k.contains("/admin/mailstore") || k.contains("/admin/queue")
                        || k.contains("/admin/smtp"));
    }

    /** Links, and what htmx fetches by itself (live parts, suggestions): the browser requests both. */
    private static final Pattern HREF = Pattern.compile("(?:href|hx-get)=\"(/admin[^\"#]*)\"");
    private static final Pattern FIELD = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");
    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

    /** Follows every /admin link and htmx fetch the pages show this account; every one must answer without an error. */
    private static Map<String, Integer> crawl(ConsoleClient c, String who) throws Exception {
        Map<String, Integer> result = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of("/admin"));
        Set<String> visited = new HashSet<>();
        List<String> problems = new ArrayList<>();
        while (!queue.isEmpty() && visited.size() < 400) {
            String path = queue.poll();
            if (!visited.add(path)) continue;
            ConsoleClient.Page p = c.get(path);
            result.put(who + " " + path, p.status());
            if (p.status() >= 400) problems.add(path + " -> " + p.status());
            if (p.body().contains("Exception") || p.body().matches("(?s).*\\sat [a-z]+\\.[a-z]+.*\\(.*\\.java:\\d+\\).*")) problems.add(path + " shows a stack trace");
            if (p.location() != null && p.location().startsWith("/admin")) queue.add(p.location());
            Matcher m = HREF.matcher(p.body());
            while (m.find()) {
                String link = m.group(1).replace("&amp;", "&");
                if (!link.startsWith("/admin/static/") && !visited.contains(link)) queue.add(link);
            }
            Matcher f = FIELD.matcher(p.body());
            while (f.find()) {
                String attrs = f.group(2);
                if (attrs.contains("type=\"hidden\"") || attrs.contains("aria-label=")) continue;
                Matcher id = ID.matcher(attrs);
                if (!id.find() || !p.body().contains("for=\"" + id.group(1) + "\"")) problems.add(path + ": field without a label: " + attrs.strip());
            }
        }
        assertThat(problems).as(who).isEmpty();
        assertThat(visited.size()).as(who).isGreaterThan(5);
        return result;
    }

    @Test
    @Order(17)
    void logout_button_endsTheSession() {
        b.open("/admin");
        b.find("form[action='/admin/logout'] button").click();
        b.await(WAIT, d -> b.path().startsWith("/admin/login"));
        assertThat(b.text(".notice")).contains("logged out");
        b.open("/admin/users");
        assertThat(b.path()).startsWith("/admin/login");
    }

    @Test
    @Order(18)
    void keyboard_skipLinkFirstControlsReachableAndWhereIsFindsSections() {
        b.login("Admin", ServerProcess.ADMIN_PASSWORD);
        b.await(WAIT, d -> b.path().equals("/admin"));
        b.open("/admin/users/alice@example.com");
        b.find("body").sendKeys(org.openqa.selenium.Keys.TAB);
        WebElement first = b.driver.switchTo().activeElement();
        assertThat(first.getText()).isEqualTo("Skip to content");
        first.sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(b.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
        // Tabbing from main reaches the first form field, then the save button, without a mouse.
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            b.driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            WebElement e = b.driver.switchTo().activeElement();
            reached.add(e.getAttribute("id") + "|" + e.getText());
        }
        assertThat(reached).anyMatch(s -> s.startsWith("f-fullName|")).anyMatch(s -> s.endsWith("|Save"));

        // "Where is": typing finds a section by what it contains; Enter on the suggestion opens it.
        b.find("#whereis-q").sendKeys("time zone");
        b.await(WAIT, d -> b.text("#whereis-results").contains("Server identity"));
        b.find("#whereis-results a").sendKeys(org.openqa.selenium.Keys.ENTER);
        b.await(WAIT, d -> b.path().equals("/admin/server"));
        assertThat(b.find("#f-timeZone").getAttribute("value")).isNotEmpty();
        // The exchange's and the mail store's pages are found by what they are about, too.
        b.find("#whereis-q").sendKeys("sip password");
        b.await(WAIT, d -> b.text("#whereis-results").contains("Extensions"));
        b.find("#whereis-q").clear();
        b.find("#whereis-q").sendKeys("rebuild search index");
        b.await(WAIT, d -> b.text("#whereis-results").contains("Mail store"));
        b.find("#whereis-results a").sendKeys(org.openqa.selenium.Keys.ENTER);
        b.await(WAIT, d -> b.path().equals("/admin/mailstore"));
    }

    @Test
    @Order(19)
    void session_idleLongerThanTheSetting_endsAndThePageReturnsToLogin() throws Exception {
        // sessionIdleMinutes has a minimum of 1: this test waits a real minute (the server clock cannot be faked).
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("sessionIdleMinutes", 1);
        admin.put("sessionMaxMinutes", 480);
        admin.put("logoutOnIpChange", false);
        admin.put("maxRequestBytes", 1 << 20);
        assertThat(api.put("/api/v1/settings/admin", admin).status()).isEqualTo(200);
        try {
            b.driver.manage().deleteAllCookies();
            b.login("Admin", ServerProcess.ADMIN_PASSWORD);
            b.await(WAIT, d -> b.path().equals("/admin"));
            // The dashboard keeps refreshing itself, but that is not activity: the session still ends.
            b.await(Duration.ofSeconds(120), d -> b.path().startsWith("/admin/login"));
            assertThat(b.text(".notice")).contains("session has ended");
        } finally {
            admin.put("sessionIdleMinutes", 30);
            assertThat(Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD).put("/api/v1/settings/admin", admin).status()).isEqualTo(200);
        }
    }
}
