package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin queue ...}: the outgoing/incoming message queue (list, show, retry now, delete). */
@Command(name = "queue", description = "The message queue: list, show, retry, delete.")
final class QueueCommand {
    private final ConnectionOptions options;

    QueueCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "list", description = "Messages waiting for delivery.")
    int list() {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/queue"), r -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode e : r) {
                    List<String> to = new ArrayList<>();
                    for (JsonNode rc : e.path("recipients")) to.add(rc.path("address").asText() + " (" + rc.path("status").asText() + ")");
                    rows.add(List.of(e.path("id").asText(), e.path("from").asText(), String.join(", ", to), e.path("size").asText(),
                            e.path("attempts").asText(), e.path("nextAttempt").asText("")));
                }
                out.table(List.of("ID", "FROM", "TO", "BYTES", "ATTEMPTS", "NEXT ATTEMPT"), rows, "The queue is empty.");
            });
        }
        return 0;
    }

    @Command(name = "show", description = "One queued message: envelope, last replies and headers.")
    int show(@Parameters(paramLabel = "ID") String id) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            out.show(api.get("/api/v1/queue/" + AdminSession.seg(id)), r -> {
                JsonNode e = r.path("entry");
                out.fields("ID", e.path("id").asText(), "From", e.path("from").asText(), "Arrived", e.path("arrived").asText(),
                        "Size", e.path("size").asText() + " bytes", "Attempts", e.path("attempts").asText());
                for (JsonNode rc : e.path("recipients")) {
                    out.line("  " + rc.path("address").asText() + ": " + rc.path("status").asText()
                            + (rc.path("lastReply").isTextual() ? " — " + rc.path("lastReply").asText() : ""));
                }
                out.line("");
                out.line(r.path("headers").asText());
            });
        }
        return 0;
    }

    @Command(name = "retry", description = "Try to deliver a message (or --all: every message) now.")
    int retry(@Parameters(paramLabel = "ID", arity = "0..1") String id,
              @picocli.CommandLine.Option(names = "--all") boolean all) {
        if (id == null && !all) throw CliFailure.usage("name a message ID or use --all");
        try (AdminSession api = options.open()) {
            if (all) {
                options.output().show(api.post("/api/v1/queue/retry", Map.of()),
                        r -> options.output().line("Retrying " + r.path("messages").asInt() + " message(s) now."));
            } else {
                api.post("/api/v1/queue/" + AdminSession.seg(id) + "/retry", Map.of());
                options.output().line("Retrying " + id + " now.");
            }
        }
        return 0;
    }

    @Command(name = "delete", description = "Delete a queued message (no bounce is sent).")
    int delete(@Parameters(paramLabel = "ID") String id) {
        try (AdminSession api = options.open()) {
            api.delete("/api/v1/queue/" + AdminSession.seg(id));
            options.output().line("Message " + id + " deleted from the queue.");
        }
        return 0;
    }
}
