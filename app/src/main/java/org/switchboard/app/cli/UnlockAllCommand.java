package org.switchboard.app.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code admin unlock-all}: lift every IP block and account lock set by password-guessing protection. */
@Command(name = "unlock-all", description = "Lift every IP address block and account lock now.")
final class UnlockAllCommand implements Callable<Integer> {
    private final ConnectionOptions options;

    UnlockAllCommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.post("/api/v1/security/unlock-all", Map.of()),
                    r -> out.line("Lifted " + r.path("lifted").asInt() + " block(s) and lock(s)."));
        }
        return 0;
    }
}
