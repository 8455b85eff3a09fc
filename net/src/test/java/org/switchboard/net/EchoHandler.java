package org.switchboard.net;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test protocol: greets "+OK ready", answers "+OK echo <line>" (noting a bare LF), STARTTLS/STLS
 * upgrade, "TLS?" reports the session, QUIT closes, FAIL throws, FLOOD writes until the peer stops reading.
 */
final class EchoHandler implements ConnectionHandler {
    final AtomicInteger served = new AtomicInteger();

    @Override
    public void serve(Connection c) throws IOException {
        served.incrementAndGet();
        c.writeLine("+OK ready");
        while (true) {
            String line;
            try {
                line = c.readLine();
            } catch (LineTooLongException e) {
                c.writeLine("-ERR line too long");
                continue;
            }
            if (line == null) return;
            switch (line.toUpperCase(Locale.ROOT)) {
                case "QUIT" -> {
                    c.writeLine("+OK bye");
                    return;
                }
                case "STARTTLS", "STLS" -> {
                    if (!c.canUpgradeToTls()) {
                        c.writeLine("-ERR TLS not available");
                        continue;
                    }
                    c.writeLine("+OK begin TLS");
                    try {
                        c.upgradeToTls();
                    } catch (TlsUpgradeException e) {
                        c.writeLine("-ERR " + e.getMessage());
                        return;
                    }
                }
                case "TLS?" -> c.writeLine(c.tlsSession().map(s -> "+OK tls " + s.getProtocol()).orElse("+OK plain"));
                case "FAIL" -> throw new IllegalStateException("handler bug on purpose");
                case "FLOOD" -> {
                    String filler = "+OK " + "x".repeat(1000);
                    while (true) c.writeLine(filler);
                }
                default -> c.writeLine("+OK echo " + printable(line) + (c.lastLineHadBareLf() ? " (bare LF)" : ""));
            }
        }
    }

    private static String printable(String line) {
        StringBuilder b = new StringBuilder(line.length());
        line.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }
}
