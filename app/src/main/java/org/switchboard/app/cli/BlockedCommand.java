package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code admin blocked}: what password-guessing protection has blocked right now. */
@Command(name = "blocked", description = "List blocked IP addresses and locked accounts (lift them with unlock-all).")
final class BlockedCommand implements Callable<Integer> {
    private final ConnectionOptions options;

    BlockedCommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/security/blocked"), r -> {
                List<List<String>> blocks = new ArrayList<>();
                for (JsonNode b : r.path("blocks")) blocks.add(List.of(b.path("address").asText(), b.path("service").asText(), b.path("until").asText()));
                out.table(List.of("BLOCKED ADDRESS", "SERVICE", "UNTIL"), blocks, "No blocked IP addresses.");
                List<List<String>> locks = new ArrayList<>();
                for (JsonNode a : r.path("accounts")) locks.add(List.of(a.path("account").asText(), a.path("until").asText()));
                out.table(List.of("LOCKED ACCOUNT", "UNTIL"), locks, "No locked accounts.");
            });
        }
        return 0;
    }
}
