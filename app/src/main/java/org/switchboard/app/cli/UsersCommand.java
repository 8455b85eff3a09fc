package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin users import|export}: many users at once as CSV (Name;Password;FullName;Description;
 * MailAddress;Groups), the format of the guide's import and of the admin console.
 */
@Command(name = "users", description = "Import or export users as CSV.")
final class UsersCommand {
    /** The server hashes every password; a big file takes minutes. */
    static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(30);
    static final long MAX_FILE_BYTES = 64L << 20;

    private final ConnectionOptions options;

    UsersCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "import", description = {"Create users from a CSV file (columns Name;Password;FullName;Description;MailAddress;Groups,",
            "in any order; groups that do not exist yet are created). Without --partial one bad row stops the import: nothing is created."})
    int importCsv(@Parameters(paramLabel = "FILE.csv") Path file,
                  @Option(names = "--domain", paramLabel = "D", description = "The users' domain (default: the primary domain).") String domain,
                  @Option(names = "--partial", description = "Import the good rows and report the bad ones.") boolean partial) {
        byte[] csv = read(file);
        try (AdminSession api = options.open()) {
            JsonNode report;
            try (UploadProgress progress = UploadProgress.start("Importing " + file.getFileName(), csv.length)) {
                report = api.send("POST", "/api/v1/users/import" + AdminSession.query("domain", domain, "partial", partial ? "true" : null),
                        progress.publisher(csv), "text/csv; charset=utf-8", IMPORT_TIMEOUT);
            } catch (CliFailure f) {
                if (f.httpStatus() != 413) throw f;
                throw new CliFailure(f.getExitCode(), f.getMessage() + " (a server administrator can raise the limit: "
                        + "switchboard admin settings set admin maxRequestBytes=N; or split the file)", f.httpStatus());
            }
            Output out = options.output();
            out.show(report, r -> {
                out.line("Created " + r.path("created").size() + " user(s)" + (r.path("created").isEmpty() ? "." : ":"));
                for (JsonNode u : r.path("created")) out.line("  " + u.asText());
                if (!r.path("createdGroups").isEmpty()) {
                    out.line("Created " + r.path("createdGroups").size() + " group(s):");
                    for (JsonNode g : r.path("createdGroups")) out.line("  " + g.asText());
                }
            });
            if (!report.path("skipped").isEmpty() && !out.json()) {
                System.err.println("Skipped " + report.path("skipped").size() + " bad row(s):");
                for (JsonNode e : report.path("skipped")) {
                    System.err.println("  " + e.path("field").asText() + ": " + e.path("message").asText());
                }
            }
        }
        return 0;
    }

    @Command(name = "export", description = "Write a domain's users as CSV in the import format (passwords are not exported).")
    int export(@Option(names = "--domain", paramLabel = "D", description = "The domain (default: the primary domain).") String domain,
               @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of stdout.") Path output) {
        try (AdminSession api = options.open()) {
            String csv = api.text("/api/v1/users/export" + AdminSession.query("domain", domain));
            if (output == null) {
                System.out.print(csv);
                System.out.flush();
            } else {
                try {
                    Files.writeString(output, csv, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliFailure(CliFailure.GENERAL, "cannot write " + output + ": " + e.getMessage());
                }
                long users = csv.lines().skip(1).filter(l -> !l.isBlank()).count();
                System.err.println("Wrote " + users + " user(s) to " + output);
            }
        }
        return 0;
    }

    private static byte[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) throw CliFailure.usage(file + ": no such file");
            if (Files.size(file) > MAX_FILE_BYTES) throw CliFailure.usage(file + " is larger than " + (MAX_FILE_BYTES >> 20) + " MB");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }
}
