package org.switchboard.smtp.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.switchboard.smtp.codec.DotStuffingOutputStream;
import org.switchboard.smtp.codec.SmtpReply;
import org.switchboard.smtp.codec.SmtpReplyReader;

/**
 * One outgoing SMTP connection (RFC 5321 client side): greeting, EHLO with HELO fallback,
 * STARTTLS, AUTH PLAIN, and the transaction commands; replies are parsed by the codec's reader.
 * TLS here is opportunistic (RFC 7435, RFC 3207 §4.1): certificates are not checked because an
 * MX host's name cannot be authenticated without DANE or MTA-STS, and refusing would only push
 * the message to plaintext. Used by one thread.
 */
public final class SmtpClient implements Closeable {
    private static final SSLContext OPPORTUNISTIC = opportunisticContext();

    private final String host;
    private boolean verifyCertificate;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Set<String> extensions = new HashSet<>();
    private boolean esmtp;
    private final int commandTimeoutMillis;

    private SmtpClient(String host, Socket socket, int commandTimeoutMillis) throws IOException {
        this.host = host;
        this.commandTimeoutMillis = commandTimeoutMillis;
        attach(socket);
    }

    /**
     * @param verifyCertificate check the server's certificate against the JDK's trust store and the name dialled,
     *                          for implicit TLS and a later {@link #startTls}; false for opportunistic TLS (RFC 7435)
     */
    public static SmtpClient connect(String host, InetSocketAddress address, boolean implicitTls, boolean verifyCertificate,
                                     Duration connectTimeout, Duration commandTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) connectTimeout.toMillis());
            s.setSoTimeout((int) commandTimeout.toMillis());
            s.setTcpNoDelay(true);
            if (implicitTls) s = handshake(s, host, address.getPort(), verifyCertificate);
            SmtpClient c = new SmtpClient(host, s, (int) commandTimeout.toMillis());
            c.verifyCertificate = verifyCertificate;
            return c;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    String host() { return host; }

    boolean isSecure() { return socket instanceof SSLSocket; }

    public boolean supports(String keyword) { return extensions.contains(keyword.toUpperCase(Locale.ROOT)); }

    public SmtpReply read() throws IOException {
        return SmtpReplyReader.read(in);
    }

    public SmtpReply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** EHLO, or HELO when the server refuses EHLO (RFC 5321 §4.1.1.1 / §3.2). */
    public SmtpReply hello(String name) throws IOException {
        SmtpReply r = command("EHLO " + name);
        extensions.clear();
        if (r.isPositive()) {
            esmtp = true;
            List<String> lines = r.lines();
            for (int i = 1; i < lines.size(); i++) {
                String kw = lines.get(i).split(" ", 2)[0].toUpperCase(Locale.ROOT);
                extensions.add(kw);
            }
            return r;
        }
        esmtp = false;
        return command("HELO " + name);
    }

    boolean esmtp() { return esmtp; }

    /** STARTTLS and a new EHLO (RFC 3207 §4.2: forget what was learned before). False when the server refused. */
    public boolean startTls(String name) throws IOException {
        SmtpReply r = command("STARTTLS");
        if (r.code() != 220) return false;
        attach(handshake(socket, host, socket.getPort(), verifyCertificate));
        SmtpReply again = hello(name);
        if (!again.isPositive()) throw new IOException("EHLO after STARTTLS refused: " + again.summary());
        return true;
    }

    /** AUTH PLAIN with an initial response (RFC 4954, RFC 4616). */
    public SmtpReply authPlain(String user, String password) throws IOException {
        byte[] token = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        return command("AUTH PLAIN " + Base64.getEncoder().encodeToString(token));
    }

    /** Sends the message dot-stuffed after a 354 and returns the final reply (read with {@code dataTimeout}). */
    SmtpReply data(InputStream message, Duration dataTimeout) throws IOException {
        SmtpReply go = command("DATA");
        if (go.code() != 354) return go;
        DotStuffingOutputStream stuffed = new DotStuffingOutputStream(out);
        message.transferTo(stuffed);
        stuffed.finish();
        socket.setSoTimeout((int) dataTimeout.toMillis());
        try {
            return read();
        } finally {
            socket.setSoTimeout(commandTimeoutMillis);
        }
    }

    public void quit() {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // The transaction is over; a server that drops the line instead of answering QUIT changes nothing.
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to do with a socket that will not close.
        }
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), 8192);
        this.out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    /**
     * The client side of a TLS handshake over an open connection, TLS 1.2 or 1.3. With {@code verify} the certificate
     * must chain to the JDK's trust store and name the host dialled (RFC 6125); without, any certificate is taken.
     */
    public static SSLSocket handshake(Socket plain, String host, int port, boolean verify) throws IOException {
        SSLContext context;
        try {
            context = verify ? SSLContext.getDefault() : OPPORTUNISTIC;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        tls.setUseClientMode(true);
        SSLParameters p = tls.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (verify) p.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(p);
        tls.startHandshake();
        return tls;
    }

    private static SSLContext opportunisticContext() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
