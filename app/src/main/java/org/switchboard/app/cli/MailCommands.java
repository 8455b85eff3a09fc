package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The mail store's admin verbs: connected sessions, a user's mailbox usage, reindex, deleted-items recovery. */
final class MailCommands {
    private MailCommands() {}

    @Command(name = "sessions", description = "Connected IMAP and POP3 sessions (user, address, protocol, since).")
    static final class Sessions implements Callable<Integer> {
        private final ConnectionOptions options;

        Sessions(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.get("/api/v1/sessions"), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode s : r) rows.add(List.of(s.path("protocol").asText(), s.path("user").asText(),
                            s.path("address").asText(), s.path("since").asText()));
                    out.table(List.of("PROTOCOL", "USER", "ADDRESS", "SINCE"), rows, "No one is connected.");
                });
            }
            return 0;
        }
    }

    @Command(name = "mailbox", description = "A user's storage usage, quota and folders.")
    static final class MailboxUsage implements Callable<Integer> {
        private final ConnectionOptions options;

        @Parameters(index = "0", paramLabel = "USER", description = "The user's address (bare name for the primary domain).")
        String user;

        MailboxUsage(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.get("/api/v1/users/" + AdminSession.seg(user) + "/mailbox"), r -> {
                    out.fields("User", r.path("user").asText(), "Used", r.path("bytes").asLong() + " bytes in "
                            + r.path("messages").asLong() + " message(s)", "Quota", Output.quota(r.path("quota")));
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode f : r.path("folders")) rows.add(List.of(f.path("name").asText(), f.path("specialUse").asText(""),
                            f.path("messages").asText(), f.path("unseen").asText(), f.path("size").asText()));
                    out.table(List.of("FOLDER", "ROLE", "MESSAGES", "UNSEEN", "BYTES"), rows, "No folders yet (created at first login).");
                });
            }
            return 0;
        }
    }

    @Command(name = "reindex", description = "Rebuild the full-text search index, with a progress bar.")
    static final class Reindex implements Callable<Integer> {
        private final ConnectionOptions options;

        @Option(names = "--account", description = "Only this user's mail (default: everyone's).")
        String user;

        Reindex(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            try (AdminSession api = options.open()) {
                JsonNode job = api.post("/api/v1/mail/reindex" + (user == null ? "" : AdminSession.query("user", user)), Map.of());
                String id = job.path("id").asText();
                ProgressBar bar = UploadProgress.stderrIsTerminal()
                        ? new ProgressBarBuilder().setTaskName("Reindexing").setInitialMax(Math.max(1, job.path("total").asLong()))
                                .setConsumer(new ConsoleProgressBarConsumer(System.err, 79)).build() : null;
                try {
                    while (!job.path("finished").asBoolean()) {
                        LockSupport.parkNanos(200_000_000L);
                        job = api.get("/api/v1/jobs/" + id);
                        if (bar != null) bar.stepTo(job.path("done").asLong());
                    }
                } finally {
                    if (bar != null) bar.close();
                }
                if (!job.path("error").isMissingNode() && !job.path("error").isNull()) {
                    throw new CliFailure(1, "reindex failed: " + job.path("error").asText());
                }
                JsonNode done = job;
                Output out = options.output();
                out.show(done, r -> out.line("Reindexed " + r.path("done").asLong() + " message(s)."));
            }
            return 0;
        }
    }

    @Command(name = "recover-deleted", description = "Restore messages a user deleted since a time (within the retention period).")
    static final class RecoverDeleted implements Callable<Integer> {
        private final ConnectionOptions options;

        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Option(names = "--since", required = true, description = "ISO time, e.g. 2026-11-01T00:00:00Z.")
        String since;

        RecoverDeleted(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            Instant from;
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw CliFailure.usage("--since must be an ISO time such as 2026-11-01T00:00:00Z");
            }
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.post("/api/v1/users/" + AdminSession.seg(user) + "/recover-deleted", Map.of("since", from.toString())),
                        r -> out.line("Recovered " + r.path("messages").asInt() + " message(s)."));
            }
            return 0;
        }
    }
}
