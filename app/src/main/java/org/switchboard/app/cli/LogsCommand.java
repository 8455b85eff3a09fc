package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin logs KIND}: the last lines of a log, or the lines matching a search. */
@Command(name = "logs", description = "Print the last lines of a log, or the lines that match --search.")
final class LogsCommand implements Callable<Integer> {
    private final ConnectionOptions options;

    @Parameters(paramLabel = "KIND", description = "config, mail, security, warning, error, debug, operations, spam or call.")
    String kind;

    @Option(names = "--lines", paramLabel = "N", description = "How many lines at most (default 200, up to 10000).")
    Integer lines;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only lines containing TEXT (a regular expression with --regex).")
    String search;

    @Option(names = "--regex", description = "Read --search as a regular expression.")
    boolean regex;

    LogsCommand(ConnectionOptions options) { this.options = options; }

    @Override
    public Integer call() {
        if (regex && search == null) throw CliFailure.usage("--regex needs --search");
        try (AdminSession api = options.open()) {
            Output out = options.output();
            String query = AdminSession.query("lines", lines == null ? null : lines.toString(), "search", search, "regex", regex ? "true" : null);
            out.show(api.get("/api/v1/logs/" + AdminSession.seg(kind) + query), r -> {
                for (JsonNode l : r.path("lines")) out.line(l.asText());
            });
        }
        return 0;
    }
}
