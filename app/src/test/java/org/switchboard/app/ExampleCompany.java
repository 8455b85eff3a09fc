package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;

/**
 * The starting point most app tests share: the real server in its own JVM, an API session as the
 * built-in Admin, the domain example.com with some users, and a CLI that trusts the server.
 */
record ExampleCompany(ServerProcess server, Api admin, Cli cli) {
    /** @param users local part -> password, created in example.com */
    static ExampleCompany start(Map<String, String> users) throws Exception {
        ServerProcess server = ServerProcess.start();
        Api admin = Api.loggedIn(server, "Admin", ServerProcess.ADMIN_PASSWORD);
        assertThat(admin.post("/api/v1/domains", Map.of("name", "example.com")).status()).isEqualTo(201);
        for (Map.Entry<String, String> u : users.entrySet()) {
            assertThat(admin.post("/api/v1/users", Map.of("address", u.getKey(), "password", u.getValue())).status())
                    .as("user " + u.getKey()).isEqualTo(201);
        }
        return new ExampleCompany(server, admin, new Cli(server, Files.createTempDirectory("known").resolve("known_servers")));
    }
}
