package org.switchboard.pbx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.switchboard.pbx.call.CallRecord;

/**
 * Call-rate and concurrency benchmark through the B2BUA with relayed G.711 RTP (run by bench/call-rate.sh, not by
 * the test suite: the class name does not match Surefire's test patterns). A SIPp UAC authenticates as 1000 and
 * calls 2000 at bench.rate calls per second for bench.seconds, each call holding bench.holdMillis while it plays
 * the packaged A-law pcap; a SIPp UAS registered as 2000 answers and echoes every RTP packet back. Prints failed
 * calls, peak concurrency, RTP relayed per call, CPU and heap to bench.report.
 */
class CallRateBench {
    static int property(String name, int def) { return Integer.getInteger("bench." + name, def); }

    @Test
    void callRate() throws Exception {
        int rate = property("rate", 50), seconds = property("seconds", 60), hold = property("holdMillis", 4000);
        int calls = rate * seconds;
        int concurrency = rate * hold / 1000;
        Path bench = Path.of(System.getProperty("bench.dir", "../bench")).toAbsolutePath().normalize();
        Path report = Path.of(System.getProperty("bench.report", "target/call-rate.txt"));
        Path work = Files.createTempDirectory("bench-calls");
        StringBuilder out = new StringBuilder();
        try (PbxFixture f = new PbxFixture(0, 40000)) {
            PbxSettings s = f.settings.get();
            int rtpPorts = Math.max(1000, concurrency * 4 * 2);
            f.settings.set(new PbxSettings(true, s.listenAddress(), s.sipPort(), s.sipsPort(), s.realm(), s.digestAlgorithms(), s.mediaAddress(),
                    40000, 40000 + rtpPorts - 1, s.minExpires(), s.maxExpires(), 60, s.maxContacts(), s.allowedIpGroup(), s.voicemailNumber(),
                    s.voicemailPrefix(), s.voicemailMaxSeconds(), s.voicemailSender()));
            f.extension("1000", null, "S1p-Secret!1000");
            f.extension("2000", null, "S1p-Secret!2000");
            f.pbx.start();
            String target = "127.0.0.1:" + f.pbx.udpPort();
            Files.writeString(work.resolve("caller.csv"), "SEQUENTIAL\n1000;[authentication username=1000 password=S1p-Secret!1000]\n");
            Files.writeString(work.resolve("callee.csv"), "SEQUENTIAL\n2000;[authentication username=2000 password=S1p-Secret!2000]\n");
            int uasPort = Peers.freeUdpPort();
            Peers.Running uas = Peers.start(work, List.of("sipp", "-sf", bench.resolve("sipp/uas-answer.xml").toString(), "-i", "127.0.0.1",
                    "-p", String.valueOf(uasPort), "-mi", "127.0.0.1", "-mp", String.valueOf(Peers.freeUdpPort() & ~1), "-rtp_echo",
                    "-m", String.valueOf(calls), "-timeout", String.valueOf(seconds + 120), "-nostdin", target));
            Peers.Result reg = Peers.run(Duration.ofSeconds(30), work, List.of("sipp", "-sf", bench.resolve("sipp/register-contact.xml").toString(),
                    "-inf", "callee.csv", "-set", "uasport", String.valueOf(uasPort), "-i", "127.0.0.1", "-p", "0", "-m", "1", "-timeout", "20",
                    "-nostdin", target));
            if (reg.exitCode() != 0) throw new IllegalStateException("the callee did not register:\n" + reg.output());
            Instant start = Instant.now();
            Peers.Result uac;
            try (BenchProbe probe = new BenchProbe()) {
                probe.watch(uas.process());
                Peers.Running caller = Peers.start(work, List.of("sipp", "-sf", bench.resolve("sipp/uac-call.xml").toString(), "-inf", "caller.csv",
                        "-s", "2000", "-i", "127.0.0.1", "-p", "0", "-mi", "127.0.0.1", "-mp", String.valueOf(Peers.freeUdpPort() & ~1),
                        "-r", String.valueOf(rate), "-m", String.valueOf(calls), "-l", String.valueOf(concurrency * 2), "-d", String.valueOf(hold),
                        "-timeout", String.valueOf(seconds + 120), "-trace_stat", "-stf", "stats.csv", "-fd", "2", "-nostdin", target));
                probe.watch(caller.process());
                uac = caller.await(Duration.ofSeconds(seconds + 180));
                out.append(String.format(Locale.ROOT, "Call-rate benchmark: %d calls at %d calls/s, %d ms each (about %d concurrent), G.711 A-law "
                        + "RTP relayed both ways (UAS echoes)%n", calls, rate, hold, concurrency));
                out.append(probe.summary());
            }
            uas.process().destroy();
            Duration took = Duration.between(start, Instant.now());
            SippStats stats = SippStats.read(work.resolve("stats.csv"));
            out.append(String.format(Locale.ROOT, "SIPp UAC: exit code %d, successful calls %s, failed calls %s, peak concurrent calls %d, "
                            + "elapsed %s%n", uac.exitCode(), stats.last("SuccessfulCall(C)"), stats.last("FailedCall(C)"),
                    stats.max("CurrentCall"), BenchProbe.seconds(took)));
            out.append("SIPp call setup time (INVITE to 200, ms, cumulative average): ").append(stats.last("ResponseTime1(C)")).append('\n');
            List<CallRecord> history = f.pbx.history().list(1_000_000);
            Map<CallRecord.Disposition, Long> byDisposition = history.stream().collect(Collectors.groupingBy(CallRecord::disposition, Collectors.counting()));
            double fromCaller = history.stream().mapToLong(CallRecord::rtpFromCaller).average().orElse(0);
            double fromCallee = history.stream().mapToLong(CallRecord::rtpFromCallee).average().orElse(0);
            out.append(String.format(Locale.ROOT, "exchange call history: %d calls %s; RTP packets received per call: %.0f from caller, %.0f from "
                    + "callee%n", history.size(), byDisposition, fromCaller, fromCallee));
            if (uac.exitCode() != 0) {
                String tail = uac.output().lines().filter(l -> !l.isBlank()).skip(Math.max(0, uac.output().lines().count() - 30))
                        .collect(Collectors.joining("\n"));
                out.append("SIPp UAC output (tail):\n").append(tail).append('\n');
            }
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, out.toString());
        System.out.print(out);
    }
}
