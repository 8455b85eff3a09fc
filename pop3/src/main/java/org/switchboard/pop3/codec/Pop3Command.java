package org.switchboard.pop3.codec;

/** One POP3 command (RFC 1939 §5–7, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH). */
public sealed interface Pop3Command {
    record User(String name) implements Pop3Command {}
    record Pass(String password) implements Pop3Command {}
    record Auth(String mechanism, String initialResponse /* null when absent, "=" means empty */) implements Pop3Command {}
    record Capa() implements Pop3Command {}
    record Stls() implements Pop3Command {}
    record Stat() implements Pop3Command {}
    record List(Integer message) implements Pop3Command {}
    record Uidl(Integer message) implements Pop3Command {}
    record Retr(int message) implements Pop3Command {}
    record Top(int message, int lines) implements Pop3Command {}
    record Dele(int message) implements Pop3Command {}
    record Noop() implements Pop3Command {}
    record Rset() implements Pop3Command {}
    record Quit() implements Pop3Command {}
    /** APOP is answered but never accepted: it needs the clear password stored (RFC 1939 §7). */
    record Apop(String name, String digest) implements Pop3Command {}
}
