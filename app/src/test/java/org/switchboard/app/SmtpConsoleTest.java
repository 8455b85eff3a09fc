package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's SMTP pages on the running server: a message swaks submits for a host whose DNS
 * cannot be reached stays queued, and is listed, inspected, retried and deleted through the
 * pages; the SMTP settings form puts the section's refusals next to their fields and saves
 * nothing half.
 */
class SmtpConsoleTest {
    static ServerProcess server;
    static Api api;
    static ConsoleClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        api = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(api.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/users", Map.of("address", "bob", "password", "B0b-Secret!x")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/users", Map.of("address", "viewer@example.com", "password", "V1ewer!pass",
                "role", "SERVER_READ_ONLY")).status()).isEqualTo(201);
        // A resolver that answers nobody: every outside delivery fails temporarily and the message stays queued.
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        ObjectNode smtp = (ObjectNode) api.get("/api/v1/settings/smtp").json();
        ((ObjectNode) smtp.get("delivery")).put("dnsServer", "127.0.0.1:" + dead).put("connectTimeoutSeconds", 1);
        assertThat(api.put("/api/v1/settings/smtp", smtp).status()).isLessThan(300);
        admin = ConsoleClient.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static ConsoleClient.Page post(ConsoleClient c, String path, Map<String, String> fields) throws Exception {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", c.csrf("/admin"));
        return c.post(path, withToken);
    }

    /** The queue as the API shows it, once {@code until} holds (or the deadline passes). */
    private static JsonNode queueWhen(Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode q = api.get("/api/v1/queue").json();
        while (!until.test(q) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(100_000_000);
            q = api.get("/api/v1/queue").json();
        }
        return q;
    }

    private static boolean settled(JsonNode q, int attempts) {
        return q.size() == 1 && q.get(0).get("attempts").asInt() >= attempts && !q.get(0).get("inFlight").asBoolean();
    }

    @Test
    void queue_stuckMessage_listedInspectedRetriedAndDeletedThroughPages() throws Exception {
        assertThat(queueWhen(q -> q.isEmpty())).isEmpty();
        assertThat(admin.get("/admin/queue").body()).contains("The queue is empty");
        String out = SmtpAdminTest.run(List.of("swaks", "--server", "127.0.0.1:" + (server.offset + 587), "--tls", "--auth", "PLAIN",
                "--auth-user", "bob", "--auth-password", "B0b-Secret!x", "--from", "bob@example.com", "--to", "someone@unreachable.test",
                "--header", "Subject: stuck for the console"));
        assertThat(out).startsWith("exit 0");
        JsonNode q = queueWhen(x -> settled(x, 1));
        assertThat(settled(q, 1)).as(q.toString()).isTrue();
        String id = q.get(0).get("id").asText();

        ConsoleClient.Page list = admin.get("/admin/queue/live");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("/admin/queue/" + id).contains("someone@unreachable.test").contains("bob@example.com");
        assertThat(admin.get("/admin").body()).containsPattern("<span class=\"num\">1</span> queued messages");
        ConsoleClient.Page inspect = admin.get("/admin/queue/" + id);
        assertThat(inspect.status()).isEqualTo(200);
        assertThat(inspect.body()).contains("Subject: stuck for the console").contains("DNS lookup")
                .contains("action=\"/admin/queue/" + id + "/retry\"").contains("data-confirm=\"Delete message " + id);

        ConsoleClient.Page retry = post(admin, "/admin/queue/" + id + "/retry", Map.of());
        assertThat(retry.status()).isEqualTo(303);
        assertThat(retry.location()).isEqualTo("/admin/queue/" + id);
        assertThat(settled(queueWhen(x -> settled(x, 2)), 2)).isTrue();
        assertThat(admin.get(retry.location()).body()).contains("is being tried now");
        assertThat(post(admin, "/admin/queue/retry-all", Map.of()).status()).isEqualTo(303);
        assertThat(settled(queueWhen(x -> settled(x, 3)), 3)).isTrue();

        ConsoleClient.Page viewer = ConsoleClient.loggedIn(server, "viewer", "V1ewer!pass").get("/admin/queue/" + id);
        assertThat(viewer.body()).contains("stuck for the console").doesNotContain("/retry\"").doesNotContain("/delete\"");
        ConsoleClient readOnly = ConsoleClient.loggedIn(server, "viewer", "V1ewer!pass");
        assertThat(post(readOnly, "/admin/queue/" + id + "/delete", Map.of()).status()).isEqualTo(403);

        ConsoleClient.Page delete = post(admin, "/admin/queue/" + id + "/delete", Map.of());
        assertThat(delete.status()).isEqualTo(303);
        assertThat(admin.get(delete.location()).body()).contains("deleted from the queue").contains("The queue is empty");
        assertThat(api.get("/api/v1/queue").json()).isEmpty();
        assertThat(post(admin, "/admin/queue/" + id + "/delete", Map.of()).location()).isEqualTo("/admin/queue");
        assertThat(admin.get("/admin/queue/" + id).status()).isEqualTo(404);
    }

    /** The SMTP form as the page would send it for these settings. */
    private static Map<String, String> smtpForm(JsonNode s) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String k : List.of("relayForAuthenticated", "relayForPopBeforeSmtp", "requireAuthForLocalSenders", "requireSenderDomainDns",
                "overQuotaPermanent")) {
            if (s.get(k).asBoolean()) f.put(k, "on");
        }
        for (String k : List.of("popBeforeSmtpMinutes", "maxMessagesPerHourPerIp", "maxConnectionsPerIp", "maxUnknownRecipientsPerIp",
                "maxRecipientsPerMessage", "maxFailedCommands", "maxMessageBytes")) {
            f.put(k, s.get(k).asText());
        }
        f.put("relayIpGroup", s.path("relayIpGroup").asText(""));
        f.put("trustedIpGroup", s.path("trustedIpGroup").asText(""));
        s.get("queue").fields().forEachRemaining(e -> f.put("queue." + e.getKey(), e.getValue().asText()));
        JsonNode d = s.get("delivery");
        f.put("delivery.dnsServer", d.path("dnsServer").asText(""));
        for (String k : List.of("remotePort", "connectTimeoutSeconds", "dataTimeoutSeconds")) f.put("delivery." + k, d.get(k).asText());
        f.put("delivery.smarthost.host", "");
        return f;
    }

    @Test
    void smtpSettings_badValuesNextToTheirFields_nothingSaved_goodValuesSaved() throws Exception {
        JsonNode before = api.get("/api/v1/settings/smtp").json();
        ConsoleClient.Page page = admin.get("/admin/smtp");
        assertThat(page.body()).contains("Relay control").contains("Security options").contains("Limits").contains("Delivery")
                .contains("id=\"f-queue-retryMinutes\"");

        Map<String, String> f = smtpForm(before);
        f.put("maxConnectionsPerIp", "-1");
        ConsoleClient.Page p = post(admin, "/admin/smtp", f);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-maxConnectionsPerIp-err\">[^<]*0 \\(unlimited\\) or more");
        f = smtpForm(before);
        f.put("queue.retryMinutes", "500");
        f.put("maxRecipientsPerMessage", "lots");
        p = post(admin, "/admin/smtp", f);
        assertThat(p.body()).containsPattern("id=\"f-maxRecipientsPerMessage-err\">[^<]*whole number");
        f.remove("maxRecipientsPerMessage");
        f.put("maxRecipientsPerMessage", "7");
        p = post(admin, "/admin/smtp", f);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-queue-retryMinutes-err\">[^<]*not above queue.maxRetryMinutes");
        f = smtpForm(before);
        f.put("delivery.smarthost.host", "relay.example.net");
        f.put("delivery.smarthost.port", "587");
        f.put("delivery.smarthost.tls", "STARTTLS");
        f.put("delivery.smarthost.user", "relayuser");
        p = post(admin, "/admin/smtp", f);
        assertThat(p.body()).containsPattern("id=\"f-delivery-smarthost-password-err\">[^<]*required with a user");
        assertThat(api.get("/api/v1/settings/smtp").json()).isEqualTo(before);

        f = smtpForm(before);
        f.put("maxRecipientsPerMessage", "42");
        f.put("queue.bounceAfterDays", "3");
        f.put("relayForPopBeforeSmtp", "on");
        f.put("queue.dsnLanguage", "de");
        f.put("outgoingSizeLimits", "example.com 1048576\nbig mistake");
        p = post(admin, "/admin/smtp", f);
        assertThat(p.body()).containsPattern("id=\"f-outgoingSizeLimits-err\">[^<]*line 2");
        f.put("outgoingSizeLimits", "example.com 1048576\r\nalice@example.com 0\r\n");
        assertThat(post(admin, "/admin/smtp", f).status()).isEqualTo(303);
        JsonNode after = api.get("/api/v1/settings/smtp").json();
        assertThat(after.get("maxRecipientsPerMessage").asInt()).isEqualTo(42);
        assertThat(after.get("queue").get("bounceAfterDays").asInt()).isEqualTo(3);
        assertThat(after.get("relayForPopBeforeSmtp").asBoolean()).isTrue();
        assertThat(after.get("queue").get("dsnLanguage").asText()).isEqualTo("de");
        assertThat(after.get("outgoingSizeLimits").toString()).isEqualTo(
                "[{\"appliesTo\":\"example.com\",\"maxBytes\":1048576},{\"appliesTo\":\"alice@example.com\",\"maxBytes\":0}]");
        assertThat(after.get("delivery")).isEqualTo(before.get("delivery"));
        assertThat(admin.get("/admin/smtp").body()).contains("SMTP settings saved").contains("value=\"42\"")
                .contains("example.com 1048576\nalice@example.com 0</textarea>");
    }
    @Test
    void mailingLists_createdEditedAndRemovedThroughPages_badInputNextToItsField() throws Exception {
        assertThat(api.put("/api/v1/lists/api-made@example.com", Map.of("description", "from the API",
                "members", List.of(Map.of("email", "x@outside.test")))).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/lists/bob@example.com", Map.of()).json().toString()).contains("already a user");
        assertThat(admin.get("/admin/lists").body()).contains("/admin/lists/api-made%40example.com").contains("from the API");

        ConsoleClient.Page p = post(admin, "/admin/lists/new", Map.of("address", "team.x@example.com", "replyTo", "SENDER"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).containsPattern("id=\"f-address-err\">[^<]*list name may use");
        p = post(admin, "/admin/lists/new", Map.of("address", "team@nowhere.test"));
        assertThat(p.body()).containsPattern("id=\"f-address-err\">[^<]*not a local domain");
        p = post(admin, "/admin/lists/new", Map.of("address", "team@example.com", "members", "carol@outside.test Carol C\nnot-an-address"));
        assertThat(p.body()).containsPattern("id=\"f-members-err\">[^<]*line 2");
        assertThat(api.get("/api/v1/lists/team@example.com").status()).isEqualTo(404);

        p = post(admin, "/admin/lists/new", Map.of("address", "team@example.com", "description", "The team", "openPosting", "on",
                "replyTo", "LIST", "members", "carol@outside.test Carol C\nbob@example.com", "moderators", "bob@example.com"));
        assertThat(p.status()).isEqualTo(303);
        JsonNode team = api.get("/api/v1/lists/team@example.com").json();
        assertThat(team.get("members")).hasSize(2);
        assertThat(team.get("members").get(0).get("fullName").asText()).isEqualTo("Carol C");
        assertThat(team.get("replyTo").asText()).isEqualTo("LIST");
        assertThat(team.get("openPosting").asBoolean()).isTrue();
        assertThat(admin.get(p.location()).body()).contains("created").contains("carol@outside.test Carol C");

        p = post(admin, "/admin/lists/team%40example.com", Map.of("description", "Smaller team", "members", "bob@example.com", "replyTo", "SENDER"));
        assertThat(p.status()).isEqualTo(303);
        team = api.get("/api/v1/lists/team@example.com").json();
        assertThat(team.get("members")).hasSize(1);
        assertThat(team.get("openPosting").asBoolean()).isFalse();
        assertThat(post(admin, "/admin/lists/team%40example.com/remove", Map.of()).status()).isEqualTo(303);
        assertThat(api.get("/api/v1/lists/team@example.com").status()).isEqualTo(404);
        assertThat(ConsoleClient.loggedIn(server, "viewer", "V1ewer!pass").get("/admin/lists/api-made%40example.com").body())
                .contains("from the API").contains("Read only").doesNotContain("Remove mailing list");
    }
}
