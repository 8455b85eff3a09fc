package org.switchboard.pbx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One baresip 1.0 softphone registered as an extension, configured the way test-peers.md found working: bound to
 * 127.0.0.1, G.711 only, a WAV file as microphone (aufile), no sound card (aubridge), both directions dumped to
 * WAV files (sndfile), no stdio module (no TTY here), commands through ctrl_tcp's netstring JSON; stdbuf
 * unbuffers its output so the log can be polled.
 */
final class Baresip implements AutoCloseable {
    final Path dir;
    final Path recordings;
    final Path log;
    final int ctrlPort;
    private final Process process;
    private int token;

    private Baresip(Path dir, Path recordings, Path log, int ctrlPort, Process process) {
        this.dir = dir;
        this.recordings = recordings;
        this.log = log;
        this.ctrlPort = ctrlPort;
        this.process = process;
    }

    static Baresip start(Path parent, String extension, String password, int pbxPort, Path microphone) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("baresip-" + extension));
        Path recordings = Files.createDirectories(dir.resolve("rec"));
        int sipPort = freeTcpPortPair();
        int ctrlPort = freeTcpPortPair();
        int rtp = Peers.freeUdpPort() & ~1;
        Files.writeString(dir.resolve("config"), String.join("\n",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "audio_source aufile," + microphone,
                "audio_player aubridge,null",
                "audio_alert aubridge,null",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module ctrl_tcp.so",
                "module_app account.so",
                "module_app menu.so",
                "snd_path " + recordings,
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "rtp_ports " + rtp + "-" + (rtp + 9),
                "") );
        Files.writeString(dir.resolve("accounts"), "<sip:" + extension + "@127.0.0.1>;auth_pass=" + password + ";outbound=\"sip:127.0.0.1:" + pbxPort
                + "\";answermode=auto;regint=600\n");
        Path log = dir.resolve("baresip.log");
        Process p = new ProcessBuilder("stdbuf", "-o0", "baresip", "-f", dir.toString(), "-t", "120").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new Baresip(dir, recordings, log, ctrlPort, p);
    }

    /** A port with its neighbour free too: baresip silently binds TLS on SIP port + 1 (test-peers.md). */
    private static int freeTcpPortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                try (java.net.ServerSocket next = new java.net.ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    if (next.isBound()) return p;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until the log shows {@code text}; false after {@code limit}. */
    boolean awaitLog(String text, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) return true;
            if (!process.isAlive()) return false;
            LockSupport.parkNanos(50_000_000);
        }
        return false;
    }

    /** Sends one ctrl_tcp command (netstring JSON) and returns the raw reply. */
    String command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t" + (++token) + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ctrlPort)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.write(',');
                out.flush();
                InputStream in = s.getInputStream();
                // Events share the connection: read netstrings until the one that answers our command.
                while (true) {
                    StringBuilder length = new StringBuilder();
                    int c;
                    while ((c = in.read()) >= 0 && c != ':') length.append((char) c);
                    if (c < 0) throw new IOException("ctrl_tcp closed without a response");
                    byte[] msg = in.readNBytes(Integer.parseInt(length.toString().strip()));
                    in.read();
                    String text = new String(msg, StandardCharsets.UTF_8);
                    if (text.contains("\"response\":true")) return text;
                }
            } catch (IOException e) {
                last = e;
                LockSupport.parkNanos(100_000_000);
            }
        }
        throw last;
    }

    /** The received audio baresip dumped (sndfile's *-dec.wav), once it is complete. */
    Optional<Path> decodedRecording() throws IOException {
        try (Stream<Path> files = Files.list(recordings)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-dec.wav")).findFirst();
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        try {
            command("quit", "");
        } catch (IOException ignored) {
            // Already gone; the process check below settles it.
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
