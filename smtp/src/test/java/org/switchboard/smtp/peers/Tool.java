package org.switchboard.smtp.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs an external client (swaks, python3) with a time limit and returns its exit code and output. */
record Tool(int exit, String output) {
    static Tool run(String... command) throws IOException, InterruptedException {
        Path binary = Path.of(command[0]);
        Assumptions.assumeTrue(Files.isExecutable(binary), command[0] + " is not installed; .ci/run installs it");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out;
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish within 60 s");
        }
        out = p.getInputStream().readAllBytes();
        return new Tool(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
