package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code admin services}: each service, whether it is enabled and where it listens. */
@Command(name = "services", description = "List the services: enabled, running, listening addresses.")
final class ServicesCommand implements Callable<Integer> {
    private final ConnectionOptions options;

    ServicesCommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/services"), all -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode s : all) {
                    String state = s.path("running").asBoolean() ? "running" : s.hasNonNull("error") ? "failed: " + s.path("error").asText() : "stopped";
                    rows.add(List.of(s.path("name").asText(), Output.yesNo(s, "enabled"), Output.list(s.path("listening")), state));
                }
                out.table(List.of("SERVICE", "ENABLED", "LISTENING", "STATE"), rows, "No services.");
            });
        }
        return 0;
    }
}
