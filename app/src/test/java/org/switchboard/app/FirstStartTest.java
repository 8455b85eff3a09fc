package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** First start of a fresh data directory: certificate and built-in administrator are created. */
class FirstStartTest {
    @Test
    void firstStart_withoutAdminPassword_generatesAndPrintsItOnce() throws Exception {
        try (ServerProcess server = ServerProcess.startWithoutAdminPassword()) {
            String out = String.join("\n", server.output());
            Matcher m = Pattern.compile("password: (\\S+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            String password = m.group(1);
            assertThat(new Api(server.adminUrl()).login("Admin", password).status()).isEqualTo(200);
            assertThat(Files.exists(server.data.resolve("certs/server.crt"))).isTrue();
            assertThat(Files.getPosixFilePermissions(server.data.resolve("certs/server.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

            server.terminate();
            server.restart();
            assertThat(String.join("\n", server.output())).doesNotContain(password).doesNotContain("Created the built-in administrator");
            assertThat(new Api(server.adminUrl()).login("Admin", password).status()).isEqualTo(200);
        }
    }
}
