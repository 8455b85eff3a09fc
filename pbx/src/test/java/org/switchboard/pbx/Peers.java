package org.switchboard.pbx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real peers (sipp, svcrack, svwar, python3) as bounded subprocesses and keeps their output. */
final class Peers {
    record Result(int exitCode, String output) {}

    private Peers() {}

    static boolean installed(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    static Result run(Duration limit, Path workDir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("peer", ".log");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(-999, "timed out after " + limit + ":\n" + Files.readString(out, StandardCharsets.ISO_8859_1));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    }

    static Path resources() {
        return Path.of("src/test/resources").toAbsolutePath();
    }
}
