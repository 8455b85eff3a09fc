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

    /** A peer running in the background (a SIPp UAS waiting for its call). */
    record Running(Process process, Path log) {
        Result await(Duration limit) throws IOException, InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-999, "timed out after " + limit + ":\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
        }
    }

    static Running start(Path workDir, List<String> command) throws IOException {
        Path out = Files.createTempFile("peer", ".log");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new Running(p, out);
    }

    static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path resources() {
        return Path.of("src/test/resources").toAbsolutePath();
    }
}
