package org.switchboard.pbx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.pbx.extension.NewExtension;

/**
 * Registration storm (run by bench/register-storm.sh, not by the test suite): bench.count extensions register with
 * digest authentication (401, then REGISTER with credentials) from SIPp at bench.rate per second, first against
 * Switchboard and then, when the kamailio binary is installed, against Kamailio as registrar with the same users
 * and passwords (bench/kamailio/registrar.cfg). A second pass per server lifts the rate limit (bench.maxRate) to
 * show where each one saturates. Prints completed registrations per second for each and the ratio.
 */
class RegisterStormBench {
    record Outcome(String server, int rate, long ok, long failed, double seconds, String cpu) {
        double perSecond() { return ok / seconds; }
    }

    @Test
    void registrationStorm() throws Exception {
        int count = Integer.getInteger("bench.count", 5000);
        int rate = Integer.getInteger("bench.rate", 500);
        int maxRate = Integer.getInteger("bench.maxRate", 5000);
        Path bench = Path.of(System.getProperty("bench.dir", "../bench")).toAbsolutePath().normalize();
        Path report = Path.of(System.getProperty("bench.report", "target/register-storm.txt"));
        Path work = Files.createTempDirectory("bench-storm");
        StringBuilder csv = new StringBuilder("SEQUENTIAL\n");
        for (int i = 0; i < count; i++) {
            int ext = 100_000 + i;
            csv.append(ext).append(";[authentication username=").append(ext).append(" password=Pw-Secret!").append(ext).append("]\n");
        }
        Files.writeString(work.resolve("users.csv"), csv);
        List<Outcome> results = new ArrayList<>();
        try (PbxFixture f = new PbxFixture(0, 43000)) {
            PbxSettings s = f.settings.get();
            // The storm measures the registrar, not the lockout or the SHA-256 challenge: MD5 only, as Kamailio.
            f.settings.set(new PbxSettings(true, s.listenAddress(), s.sipPort(), s.sipsPort(), s.realm(), List.of("MD5"), s.mediaAddress(),
                    s.rtpPortMin(), s.rtpPortMax(), s.minExpires(), s.maxExpires(), s.ringSeconds(), 10, s.allowedIpGroup(), s.voicemailNumber(),
                    s.voicemailPrefix(), s.voicemailMaxSeconds(), s.voicemailSender()));
            for (int i = 0; i < count; i++) f.pbx.extensions().add(Actor.SERVER, NewExtension.of(String.valueOf(100_000 + i), null, "Pw-Secret!" + (100_000 + i)));
            f.pbx.start();
            String target = "127.0.0.1:" + f.pbx.udpPort();
            results.add(storm("Switchboard", target, bench, work, count, rate, null));
            long bound = f.pbx.registrations().stream().map(b -> b.extension()).distinct().count();
            results.add(storm("Switchboard", target, bench, work, count, maxRate, null));
            System.out.println("bound extensions after the first pass: " + bound);
        }
        if (Peers.installed("kamailio") || Files.isExecutable(Path.of("/usr/sbin/kamailio"))) {
            int port = Peers.freeUdpPort();
            Path cfg = work.resolve("kamailio.cfg");
            Files.writeString(cfg, Files.readString(bench.resolve("kamailio/registrar.cfg")).replace("LISTEN", "udp:127.0.0.1:" + port));
            Peers.Running kamailio = Peers.start(work, List.of("/usr/sbin/kamailio", "-f", cfg.toString(), "-DD", "-E", "-m", "256", "-M", "16",
                    "-w", work.toString(), "-P", work.resolve("kamailio.pid").toString()));
            try {
                awaitListening(kamailio);
                results.add(storm("Kamailio", "127.0.0.1:" + port, bench, work, count, rate, kamailio.process()));
                results.add(storm("Kamailio", "127.0.0.1:" + port, bench, work, count, maxRate, kamailio.process()));
            } finally {
                kamailio.process().destroy();
                kamailio.process().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Registration storm: %d extensions, digest MD5 (401 then authenticated REGISTER), SIPp over UDP on loopback%n", count));
        for (Outcome o : results) {
            out.append(String.format(Locale.ROOT, "%-11s offered %5d/s: %5d registered, %4d failed in %6.2f s = %7.1f registrations/s; %s%n",
                    o.server(), o.rate(), o.ok(), o.failed(), o.seconds(), o.perSecond(), o.cpu()));
        }
        for (int r : List.of(rate, maxRate)) {
            Outcome sb = results.stream().filter(o -> o.server().equals("Switchboard") && o.rate() == r).findFirst().orElseThrow();
            results.stream().filter(o -> o.server().equals("Kamailio") && o.rate() == r).findFirst().ifPresentOrElse(
                    k -> out.append(String.format(Locale.ROOT, "ratio at %d/s offered: Switchboard/Kamailio = %.2f%n", r, sb.perSecond() / k.perSecond())),
                    () -> out.append("Kamailio is not installed (apt-get install kamailio): no comparison at ").append(r).append("/s\n"));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, out.toString());
        System.out.print(out);
    }

    private static Outcome storm(String server, String target, Path bench, Path work, int count, int rate, Process serverProcess) throws Exception {
        Path stats = work.resolve(server + "-" + rate + ".csv");
        Files.deleteIfExists(stats);
        long cpuBefore = cpu(serverProcess);
        Instant start = Instant.now();
        Peers.Result r = Peers.run(Duration.ofSeconds(count / Math.max(1, Math.min(rate, 500)) + 120), work, List.of("sipp", "-sf",
                bench.resolve("sipp/register.xml").toString(), "-inf", work.resolve("users.csv").toString(), "-i", "127.0.0.1", "-p", "0",
                "-r", String.valueOf(rate), "-m", String.valueOf(count), "-l", "1000", "-timeout", "120", "-trace_stat", "-stf", stats.toString(),
                "-fd", "1", "-nostdin", target));
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        long cpuAfter = cpu(serverProcess);
        SippStats st = SippStats.read(stats);
        // SIPp's own elapsed time excludes its start-up; use it when it is there.
        String elapsed = st.last("ElapsedTime(C)");
        double sippSeconds = parseElapsed(elapsed);
        if (sippSeconds > 0) seconds = sippSeconds;
        String cpu = String.format(Locale.ROOT, "server CPU %.1f s (%.0f%% of one core)", (cpuAfter - cpuBefore) / 1e9,
                100 * (cpuAfter - cpuBefore) / 1e9 / seconds);
        if (r.exitCode() != 0 && r.exitCode() != 1) cpu += "; SIPp exit " + r.exitCode();
        return new Outcome(server, rate, st.lastLong("SuccessfulCall(C)"), st.lastLong("FailedCall(C)"), seconds, cpu);
    }

    /** SIPp writes "HH:MM:SS:mmmuuu" style durations; 0 when unreadable. */
    static double parseElapsed(String s) {
        String[] p = s.strip().split(":");
        if (p.length < 4) return 0;
        try {
            return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2]) + Integer.parseInt(p[3]) / 1e6;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** CPU time of the server: this JVM when {@code p} is null, else that process and its worker children. */
    private static long cpu(Process p) {
        if (p == null) {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
        long total = p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        for (ProcessHandle c : p.toHandle().descendants().toList()) total += c.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return total;
    }

    /** Kamailio prints its sockets once it has bound them, before it forks its workers. */
    private static void awaitListening(Peers.Running kamailio) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(kamailio.log(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("Listening on")) {
                java.util.concurrent.locks.LockSupport.parkNanos(500_000_000);   // the workers start right after
                return;
            }
            if (!kamailio.process().isAlive()) break;
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }
        throw new IllegalStateException("kamailio did not start:\n" + Files.readString(kamailio.log(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
