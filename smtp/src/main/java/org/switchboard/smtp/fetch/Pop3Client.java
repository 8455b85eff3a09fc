package org.switchboard.smtp.fetch;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.switchboard.smtp.delivery.SmtpClient;

/**
 * One POP3 client connection (RFC 1939) for downloading a remote mailbox: greeting, STLS
 * (RFC 2595 §4) or implicit TLS, USER/PASS, UIDL, LIST, RETR, DELE and QUIT. Deletions take effect
 * only when QUIT succeeds (RFC 1939 §6), so an aborted session deletes nothing. Bytes are parsed
 * by {@link Pop3ResponseReader}. The server's certificate is checked against the JDK's trust
 * store and its host name unless the account says otherwise. Used by one thread.
 */
final class Pop3Client implements Closeable {
    /** Message numbers in a listing; more than this on one remote mailbox is refused as hostile. */
    static final int MAX_LISTING = 100_000;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private Pop3Client(Socket socket) throws IOException {
        attach(socket);
    }

    static Pop3Client connect(String host, int port, ClientTls tls, boolean verifyCertificate, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            if (tls == ClientTls.IMPLICIT) s = SmtpClient.handshake(s, host, port, verifyCertificate);
            Pop3Client c = new Pop3Client(s);
            c.expect(Pop3ResponseReader.status(c.in), "greeting");
            if (tls == ClientTls.STARTTLS) {
                Pop3Response r = c.command("STLS");
                if (!r.ok()) throw new FetchException("the server refused STLS: " + r.text());
                c.attach(SmtpClient.handshake(c.socket, host, port, verifyCertificate));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    boolean secure() { return socket instanceof SSLSocket; }

    void login(String user, String password) throws IOException {
        if (user.contains("\r") || user.contains("\n") || password.contains("\r") || password.contains("\n")) {
            throw new FetchException("user name and password must not contain line breaks");
        }
        expect(command("USER " + user), "USER");
        Pop3Response r = command("PASS " + password);
        if (!r.ok()) throw new FetchException("login refused: " + r.text());
    }

    /** Message number to unique id (RFC 1939 §7 UIDL). */
    Map<Integer, String> uidl() throws IOException {
        Pop3Response r = command("UIDL");
        if (!r.ok()) throw new FetchException("the server does not support UIDL, so downloads could repeat: " + r.text());
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String line : Pop3ResponseReader.listing(in, MAX_LISTING)) {
            String[] p = line.strip().split(" +", 2);
            if (p.length < 2 || !p[1].matches("[!-~]{1,70}")) throw new FetchException("bad UIDL line: " + line);
            out.put(number(p[0], line), p[1]);
        }
        return out;
    }

    /** Message number to size in octets (RFC 1939 §5 LIST). */
    Map<Integer, Long> list() throws IOException {
        expect(command("LIST"), "LIST");
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (String line : Pop3ResponseReader.listing(in, MAX_LISTING)) {
            String[] p = line.strip().split(" +");
            if (p.length < 2 || !p[1].matches("[0-9]{1,18}")) throw new FetchException("bad LIST line: " + line);
            out.put(number(p[0], line), Long.parseLong(p[1]));
        }
        return out;
    }

    /** RETR into {@code target}; the size limit guards against a server that lied in LIST. */
    long retrieve(int number, OutputStream target, long maxBytes) throws IOException {
        expect(command("RETR " + number), "RETR " + number);
        return Pop3ResponseReader.message(in, target, maxBytes);
    }

    void delete(int number) throws IOException {
        expect(command("DELE " + number), "DELE " + number);
    }

    /** Ends the session; only a +OK here means the server removed what was deleted (RFC 1939 §6). */
    void quit() throws IOException {
        expect(command("QUIT"), "QUIT");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to do with a socket that will not close.
        }
    }

    private Pop3Response command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return Pop3ResponseReader.status(in);
    }

    private static void expect(Pop3Response r, String what) throws FetchException {
        if (!r.ok()) throw new FetchException(what + " refused: " + r.text());
    }

    private static int number(String s, String line) throws FetchException {
        if (!s.matches("[0-9]{1,9}")) throw new FetchException("bad message number in: " + line);
        return Integer.parseInt(s);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 1024);
    }
}
