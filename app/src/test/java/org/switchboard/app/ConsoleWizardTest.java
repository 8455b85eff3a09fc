package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** Issue 6: the first-run wizard in a real browser against a server that has no domain yet. */
class ConsoleWizardTest {
    @Test
    void wizard_firstLogin_setsUpServerAndRequiresTheNewPassword() throws Exception {
        try (ServerProcess server = ServerProcess.start(); Chromium b = Chromium.start(server)) {
            Api api = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
            b.login("Admin", ServerProcess.ADMIN_PASSWORD);
            b.await(Duration.ofSeconds(10), d -> b.path().equals("/admin/setup"));
            assertThat(b.text("h1")).isEqualTo("Set up Switchboard");

            // Bad answers: every problem next to its field, nothing saved.
            b.type("#f-hostName", "not a host!");
            b.type("#f-domain", "example");
            b.type("#f-password", "short");
            b.type("#f-password2", "different");
            b.find("form[action='/admin/setup'] button[type=submit]").click();
            b.await(Duration.ofSeconds(10), d -> !b.all("#f-domain-err").isEmpty());
            assertThat(b.text("#f-hostName-err")).contains("hostName must be a DNS name");
            assertThat(b.text("#f-domain-err")).contains("not a valid domain name");
            assertThat(b.text("#f-password-err")).contains("at least 8 characters");
            assertThat(b.text("#f-password2-err")).contains("differ");
            assertThat(b.find("#f-hostName").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(api.get("/api/v1/domains").json()).isEmpty();
            assertThat(api.get("/api/v1/settings/server").json().get("hostName").asText()).isNotEqualTo("not a host!");

            b.type("#f-hostName", "mail.example.com");
            b.type("#f-domain", "example.com");
            b.type("#f-password", "N3w-Admin-Pass");
            b.type("#f-password2", "N3w-Admin-Pass");
            new Select(b.find("#f-timeZone")).selectByValue("Europe/Prague");
            new Select(b.find("#f-language")).selectByValue("de");
            b.find("form[action='/admin/setup'] button[type=submit]").click();
            b.await(Duration.ofSeconds(10), d -> b.path().startsWith("/admin/login"));
            assertThat(b.text(".notice")).contains("set up");

            // The new password ended every session of Admin, the API's too.
            assertThat(api.get("/api/v1/domains").status()).isEqualTo(401);
            api = Api.loggedIn(server, "Admin", "N3w-Admin-Pass");
            JsonNode domains = api.get("/api/v1/domains").json();
            assertThat(domains).hasSize(1);
            assertThat(domains.get(0).get("name").asText()).isEqualTo("example.com");
            assertThat(domains.get(0).get("primary").asBoolean()).isTrue();
            JsonNode s = api.get("/api/v1/settings/server").json();
            assertThat(s.get("hostName").asText()).isEqualTo("mail.example.com");
            assertThat(s.get("timeZone").asText()).isEqualTo("Europe/Prague");
            assertThat(s.get("language").asText()).isEqualTo("de");
            assertThat(new Api(server.adminUrl()).login("Admin", ServerProcess.ADMIN_PASSWORD).status()).isEqualTo(401);

            b.login("Admin", "N3w-Admin-Pass");
            b.await(Duration.ofSeconds(10), d -> b.path().equals("/admin"));
            assertThat(b.text("h1")).isEqualTo("Dashboard");
            b.open("/admin/setup");
            assertThat(b.path()).isEqualTo("/admin");
        }
    }
}
