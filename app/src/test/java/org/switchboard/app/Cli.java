package org.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.switchboard.core.json.Json;

/**
 * Runs {@code switchboard admin ...} as a user does: a separate JVM with the test's classpath,
 * the admin password and a known-servers file in its environment, and the server's port offset.
 * Stdin is empty and not a terminal, so the CLI never waits for a prompt.
 */
final class Cli {
    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON (exit " + exit + "): " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() { return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    private final ServerProcess server;
    private final Path knownServers;

    Cli(ServerProcess server, Path knownServers) {
        this.server = server;
        this.knownServers = knownServers;
    }

    Path knownServers() { return knownServers; }

    /** {@code admin --port-offset N ARGS...} with the built-in admin's password. */
    Result run(String... args) throws Exception { return runWith(Map.of(), args); }

    /** As {@link #run}, with environment changes; a null value removes the variable. */
    Result runWith(Map<String, String> env, String... args) throws Exception {
        return launch(new ProcessBuilder(command(args)), env);
    }

    /**
     * As {@link #run}, on a pseudo-terminal made by util-linux {@code script}: stdout and stderr
     * both reach the terminal, so they arrive merged in {@link Result#out}.
     */
    Result runInTerminal(String... args) throws Exception {
        StringBuilder shell = new StringBuilder();
        for (String a : command(args)) shell.append('\'').append(a.replace("'", "'\\''")).append("' ");
        return launch(new ProcessBuilder("script", "-qec", shell.toString(), "/dev/null"), Map.of());
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "org.switchboard.app.Main", "admin",
                "--port-offset", Integer.toString(server.offset)));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Result launch(ProcessBuilder pb, Map<String, String> env) throws Exception {
        List<String> cmd = pb.command();
        Map<String, String> e = pb.environment();
        e.remove("SWITCHBOARD_URL");
        e.remove("SWITCHBOARD_ADMIN_USER");
        e.put("SWITCHBOARD_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD);
        e.put("SWITCHBOARD_KNOWN_SERVERS", knownServers.toString());
        env.forEach((k, v) -> {
            if (v == null) e.remove(k);
            else e.put(k, v);
        });
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish within 90 s: " + cmd);
        }
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
