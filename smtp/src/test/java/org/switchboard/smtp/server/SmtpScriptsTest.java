package org.switchboard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.switchboard.smtp.TestServer;

/**
 * Runs every {@code smtp/scripts/*.script} against a real SMTP listener. Lines: {@code C: text}
 * sends text + CRLF; {@code R: text} sends text raw with \r \n \0 escapes; {@code S: pattern}
 * reads one whole reply and matches its last line ({@code *} matches anything);
 * {@code CLOSED} expects the server to close; {@code @from ip} and {@code @port name} set the
 * source address and listener before the first line.
 */
class SmtpScriptsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        Path dir = Path.of("src/test/resources/smtp/scripts");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".script")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private static void run(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        String from = "127.0.0.1";
        SmtpPort port = SmtpPort.MX;
        for (String l : lines) {
            if (l.startsWith("@from ")) from = l.substring(6).trim();
            if (l.startsWith("@port ")) port = SmtpPort.valueOf(l.substring(6).trim().toUpperCase(Locale.ROOT));
        }
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(server.address(port), 5000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int n = 0;
            for (String line : lines) {
                n++;
                String where = script.getFileName() + ":" + n;
                if (line.startsWith("C: ")) {
                    out.write((line.substring(3) + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else if (line.startsWith("R: ")) {
                    out.write(unescape(line.substring(3)));
                    out.flush();
                } else if (line.startsWith("S: ")) {
                    String reply = readReply(in, where);
                    if (!glob(line.substring(3), reply)) fail(where + ": expected '" + line.substring(3) + "' but got '" + reply + "'");
                } else if (line.equals("CLOSED")) {
                    int b = in.read();
                    if (b >= 0) fail(where + ": expected the server to close, got more data");
                }
            }
        }
    }

    /** Reads one reply (all its lines) and returns the last line. */
    private static String readReply(InputStream in, String where) throws IOException {
        while (true) {
            String line = readLine(in, where);
            if (line.length() < 4 || line.charAt(3) != '-') return line;
        }
    }

    private static String readLine(InputStream in, String where) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) fail(where + ": connection closed while waiting for a reply");
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean glob(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return text.matches(regex.toString());
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'r' -> b.write('\r');
                    case 'n' -> b.write('\n');
                    case '0' -> b.write(0);
                    case '\\' -> b.write('\\');
                    default -> { b.write('\\'); b.write(e); }
                }
            } else {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toByteArray();
    }
}
