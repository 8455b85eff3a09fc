package org.switchboard.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 1939 §5–7, RFC 2449, RFC 5034 command forms. */
class Pop3ParserTest {
    @Test
    void parse_rfcExamples_records() throws Exception {
        assertThat(Pop3Parser.parse("USER mrose")).isEqualTo(new Pop3Command.User("mrose"));
        assertThat(Pop3Parser.parse("PASS secret with spaces")).isEqualTo(new Pop3Command.Pass("secret with spaces"));
        assertThat(Pop3Parser.parse("stat")).isEqualTo(new Pop3Command.Stat());
        assertThat(Pop3Parser.parse("LIST")).isEqualTo(new Pop3Command.List(null));
        assertThat(Pop3Parser.parse("LIST 2")).isEqualTo(new Pop3Command.List(2));
        assertThat(Pop3Parser.parse("UIDL 1")).isEqualTo(new Pop3Command.Uidl(1));
        assertThat(Pop3Parser.parse("RETR 1")).isEqualTo(new Pop3Command.Retr(1));
        assertThat(Pop3Parser.parse("TOP 1 10")).isEqualTo(new Pop3Command.Top(1, 10));
        assertThat(Pop3Parser.parse("DELE 1")).isEqualTo(new Pop3Command.Dele(1));
        assertThat(Pop3Parser.parse("APOP mrose c4c9334bac560ecc979e58001b3e22fb"))
                .isEqualTo(new Pop3Command.Apop("mrose", "c4c9334bac560ecc979e58001b3e22fb"));
        assertThat(Pop3Parser.parse("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=")).isEqualTo(new Pop3Command.Auth("PLAIN", "dGVzdAB0ZXN0AHRlc3Q="));
        assertThat(Pop3Parser.parse("AUTH scram-sha-256")).isEqualTo(new Pop3Command.Auth("SCRAM-SHA-256", null));
        assertThat(Pop3Parser.parse("CAPA")).isEqualTo(new Pop3Command.Capa());
        assertThat(Pop3Parser.parse("STLS")).isEqualTo(new Pop3Command.Stls());
        assertThat(Pop3Parser.parse("QUIT")).isEqualTo(new Pop3Command.Quit());
    }

    @Test
    void parse_badInput_syntaxErrors() {
        for (String bad : new String[] {"", "FOO", "RETR", "RETR x", "RETR -1", "TOP 1", "LIST 1 2", "STAT 1", "USER",
                "PASS", "RETR  1", "RETR 99999999999", "USER " + "a".repeat(41), "X".repeat(300)}) {
            assertThatThrownBy(() -> Pop3Parser.parse(bad)).as(bad).isInstanceOf(Pop3SyntaxException.class);
        }
    }
}
