package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin check-address ADDRESS}: where mail to an address ends up, and the aliases and groups on the way. */
@Command(name = "check-address", description = "Show where mail to an address is delivered: the final targets, then the steps that led there.")
final class CheckAddressCommand implements Callable<Integer> {
    private final ConnectionOptions options;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    CheckAddressCommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/check-address" + AdminSession.query("address", address)), r -> {
                for (JsonNode t : r.path("targets")) out.line(target(t));
                if (r.path("loop").asBoolean()) out.line("(the aliases loop; expansion stopped)");
                for (JsonNode s : r.path("steps")) out.line("  " + s.asText());
            });
        }
        return 0;
    }

    /** The API's targets differ by their fields: a mailbox has a user id, a public folder a path. */
    private static String target(JsonNode t) {
        if (t.has("path")) return t.path("path").asText() + "  (public folder)";
        if (t.has("userId")) return t.path("address").asText() + (t.path("enabled").asBoolean(true) ? "  (mailbox)" : "  (mailbox, user disabled)");
        return t.path("address").asText();
    }
}
