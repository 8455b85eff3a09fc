package org.switchboard.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code admin whoami}: the administrator this CLI logs in as, and their rights. */
@Command(name = "whoami", description = "Show who you are logged in as and with which rights.")
final class WhoAmICommand implements Callable<Integer> {
    private final ConnectionOptions options;

    WhoAmICommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/whoami"), w -> out.line(w.path("user").asText() + " at " + api.base() + ": " + w.path("role").asText()
                    + (w.hasNonNull("domain") ? " of " + w.path("domain").asText() : "")
                    + (w.path("builtinAdmin").asBoolean() ? " (the built-in administrator)" : "")));
        }
        return 0;
    }
}
