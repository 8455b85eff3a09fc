package org.switchboard.app.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin admin-password}: set the built-in administrator's password (its sessions end, this one included). */
@Command(name = "admin-password", description = "Set the password of the built-in administrator 'Admin'.")
final class AdminPasswordCommand implements Callable<Integer> {
    private final ConnectionOptions options;

    @Option(names = "--password", paramLabel = "P", description = "The new password (asked twice when left out).")
    String password;

    AdminPasswordCommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        try (AdminSession api = options.open()) {
            api.post("/api/v1/security/admin-password", Map.of("password", Passwords.newPassword(password, "Admin", "--password")));
            Output out = options.output();
            out.show(null, x -> out.line("The built-in administrator's password was changed; its sessions have ended."));
        }
        return 0;
    }
}
