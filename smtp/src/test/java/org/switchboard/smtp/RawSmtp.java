package org.switchboard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain socket SMTP conversation for tests: send lines, read whole replies. */
public final class RawSmtp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawSmtp(InetSocketAddress server, String fromIp) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(fromIp, 0));
        socket.connect(server, 5000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends a line and returns the reply's last line. */
    public String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    public String reply() throws IOException {
        while (true) {
            String l = line();
            if (l == null) return null;
            if (l.length() < 4 || l.charAt(3) != '-') return l;
        }
    }

    /** A complete transaction; returns the reply to the end of data. */
    public String mail(String from, String to, String message) throws IOException {
        assertThat(send("MAIL FROM:<" + from + ">")).startsWith("250");
        assertThat(send("RCPT TO:<" + to + ">")).startsWith("250");
        assertThat(send("DATA")).startsWith("354");
        return send(message.replace("\n", "\r\n") + "\r\n.");
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            if (c == '\n') return b.toString(StandardCharsets.UTF_8);
            if (c != '\r') b.write(c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
