package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SIP over TLS (RFC 3261 §26.2.1, port 5061 + offset) with a JDK TLS client; the answer uses the same connection. */
class TlsTransportTest {
    PbxFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) f.close();
    }

    @Test
    void tls_optionsOverImplicitTls_answeredOnTheConnection() throws Exception {
        f = new PbxFixture(0, 32200, true);
        f.pbx.start();
        assertThat(f.pbx.streamPorts()).hasSize(2);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
            @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", f.pbx.streamPorts().get(1))) {
            s.setSoTimeout(5000);
            String req = "OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.9:5061;branch=z9hG4bKtls1;rport\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: tls-1\r\nCSeq: 1 OPTIONS\r\n"
                    + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder b = new StringBuilder();
            while (!b.toString().contains("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) break;
                b.append((char) c);
            }
            assertThat(b.toString()).startsWith("SIP/2.0 200 OK").contains("received=127.0.0.1");
            assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }
}
