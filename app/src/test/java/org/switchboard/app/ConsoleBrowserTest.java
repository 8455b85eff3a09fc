package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

        // Disable through the edit page.
        b.find("#f-enabled").click();
        b.find("section.card form button[type=submit]").click();
        b.await(WAIT, d -> !b.all(".notice").isEmpty());
        assertThat(api.get("/api/v1/users/alice@example.com").json().get("enabled").asBoolean()).isFalse();
        b.find("#f-enabled").click();
        b.find("section.card form button[type=submit]").click();
        b.await(WAIT, d -> !b.all(".notice").isEmpty());
        assertThat(api.get("/api/v1/users/alice@example.com").json().get("enabled").asBoolean()).isTrue();

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
    @Order(10)
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
    @Order(11)
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
    @Order(12)
    void crawl_everyConsoleLinkForEachRole_noServerErrorsAndEveryFieldLabelled() throws Exception {
        assertThat(api.post("/api/v1/users", Map.of("address", "boss@second.test", "password", "B0ss!pass-x",
                "role", "DOMAIN_READ_WRITE")).status()).isEqualTo(201);
        Map<String, Integer> seen = new LinkedHashMap<>();
        seen.putAll(crawl(ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD), "Admin"));
        seen.putAll(crawl(ConsoleClient.loggedIn(server, "viewer", "V1ewer!pass"), "viewer"));
        Map<String, Integer> domainAdmin = crawl(ConsoleClient.loggedIn(server, "boss@second.test", "B0ss!pass-x"), "boss");
        seen.putAll(domainAdmin);
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("Admin /admin/logs/")).anyMatch(k -> k.startsWith("Admin /admin/services/"))
                .anyMatch(k -> k.startsWith("viewer /admin/certificates")).anyMatch(k -> k.startsWith("boss /admin/users"));
        assertThat(domainAdmin.keySet()).noneMatch(k -> k.contains("/admin/services") || k.contains("/admin/logs"));
    }

    private static final Pattern HREF = Pattern.compile("href=\"(/admin[^\"#]*)\"");
    private static final Pattern FIELD = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");
    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

    /** Follows every /admin link the pages show this account; every one must answer without a server error. */
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
    @Order(13)
    void logout_button_endsTheSession() {
        b.open("/admin");
        b.find("form[action='/admin/logout'] button").click();
        b.await(WAIT, d -> b.path().startsWith("/admin/login"));
        assertThat(b.text(".notice")).contains("logged out");
        b.open("/admin/users");
        assertThat(b.path()).startsWith("/admin/login");
    }

    @Test
    @Order(14)
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
    }

    @Test
    @Order(15)
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
