package org.switchboard.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpCommandParserTest {
    private final SmtpCommandParser parser = new SmtpCommandParser(SmtpLimits.DEFAULTS);

    private SmtpCommand parse(String line) throws SmtpSyntaxException {
        return parser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private int refusal(String line) {
        try {
            parse(line);
            throw new AssertionError("accepted: " + line);
        } catch (SmtpSyntaxException e) {
            return e.reply().code();
        }
    }

    @Test
    void ehlo_rfc5321Example_parsed() throws Exception {
        assertThat(parse("EHLO bar.com")).isEqualTo(new SmtpCommand.Ehlo("bar.com", true));
        assertThat(parse("helo [192.0.2.1]")).isEqualTo(new SmtpCommand.Ehlo("[192.0.2.1]", false));
    }

    @Test
    void ehlo_withoutDomain_501() {
        assertThat(refusal("EHLO")).isEqualTo(501);
        assertThat(refusal("EHLO a b")).isEqualTo(501);
    }

    @Test
    void mailFrom_rfc5321Example_parsed() throws Exception {
        SmtpCommand.MailFrom m = (SmtpCommand.MailFrom) parse("MAIL FROM:<Smith@bar.com>");
        assertThat(m.from()).isEqualTo(new MailAddress("Smith", "bar.com"));
        assertThat(m.size()).isEqualTo(-1);
        assertThat(m.body()).isEqualTo(SmtpCommand.Body.SEVEN_BIT);
    }

    @Test
    void mailFrom_nullReversePath_parsedAsNull() throws Exception {
        assertThat(((SmtpCommand.MailFrom) parse("MAIL FROM:<>")).from()).isNull();
    }

    @Test
    void mailFrom_allParameters_parsed() throws Exception {
        SmtpCommand.MailFrom m = (SmtpCommand.MailFrom) parse(
                "mail from:<a@x.test> SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159+2Bx AUTH=e+3Dmc2@example.com");
        assertThat(m.size()).isEqualTo(1000);
        assertThat(m.body()).isEqualTo(SmtpCommand.Body.EIGHT_BIT_MIME);
        assertThat(m.smtpUtf8()).isTrue();
        assertThat(m.ret()).isEqualTo(SmtpCommand.Ret.HDRS);
        assertThat(m.envId()).isEqualTo("QQ314159+x");
        assertThat(m.auth()).isEqualTo("e=mc2@example.com");
    }

    @Test
    void mailFrom_spaceAfterColon_tolerated() throws Exception {
        assertThat(((SmtpCommand.MailFrom) parse("MAIL FROM: <a@x.test>")).from().domain()).isEqualTo("x.test");
    }

    @Test
    void mailFrom_sourceRoute_ignored() throws Exception {
        SmtpCommand.MailFrom m = (SmtpCommand.MailFrom) parse("MAIL FROM:<@hosta.int,@jkl.org:userc@d.bar.org>");
        assertThat(m.from()).isEqualTo(new MailAddress("userc", "d.bar.org"));
    }

    @Test
    void mailFrom_quotedLocalPart_unquoted() throws Exception {
        SmtpCommand.MailFrom m = (SmtpCommand.MailFrom) parse("MAIL FROM:<\"john doe\\\"x\"@x.test>");
        assertThat(m.from().localPart()).isEqualTo("john doe\"x");
        assertThat(m.from().toString()).isEqualTo("\"john doe\\\"x\"@x.test");
    }

    @Test
    void mailFrom_utf8Address_parsed() throws Exception {
        SmtpCommand.MailFrom m = (SmtpCommand.MailFrom) parse("MAIL FROM:<jösé@bücher.example> SMTPUTF8");
        assertThat(m.from().needsUtf8()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:a@x.test", "MAIL FROM:<a@>", "MAIL FROM:<@x.test>", "MAIL FROM:<a..b@x.test>",
        "MAIL FROM:<a@x..test>", "MAIL TO:<a@x.test>", "MAIL FROM:<a@x.test> SIZE=abc", "MAIL FROM:<a@x.test> BODY=9BIT",
        "MAIL FROM:<a@x.test> SIZE=1 SIZE=2", "MAIL FROM:<a@x.test> ENVID=a+zz", "MAIL FROM:<a b@x.test>",
        "MAIL FROM:<a@x.test>SIZE=1", "MAIL FROM:<a@-x.test>"})
    void mailFrom_badSyntax_501(String line) {
        assertThat(refusal(line)).isEqualTo(501);
    }

    @Test
    void mailFrom_unknownParameter_555() {
        assertThat(refusal("MAIL FROM:<a@x.test> XFOO=1")).isEqualTo(555);
    }

    @Test
    void rcptTo_notifyAndOrcpt_parsed() throws Exception {
        SmtpCommand.RcptTo r = (SmtpCommand.RcptTo) parse("RCPT TO:<Jones@XYZ.COM> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Jones+40XYZ.COM");
        assertThat(r.to()).isEqualTo(new MailAddress("Jones", "XYZ.COM"));
        assertThat(r.notifyOn()).containsExactlyInAnyOrder(SmtpCommand.Notify.SUCCESS, SmtpCommand.Notify.FAILURE);
        assertThat(r.orcpt()).isEqualTo("rfc822;Jones@XYZ.COM");
    }

    @Test
    void rcptTo_notifyNever_emptySet() throws Exception {
        assertThat(((SmtpCommand.RcptTo) parse("RCPT TO:<a@x.test> NOTIFY=NEVER")).notifyOn()).isEqualTo(Set.of());
        assertThat(refusal("RCPT TO:<a@x.test> NOTIFY=NEVER,SUCCESS")).isEqualTo(501);
    }

    @Test
    void rcptTo_barePostmaster_accepted() throws Exception {
        SmtpCommand.RcptTo r = (SmtpCommand.RcptTo) parse("RCPT TO:<Postmaster>");
        assertThat(r.postmaster()).isTrue();
    }

    @Test
    void rcptTo_emptyPath_501() {
        assertThat(refusal("RCPT TO:<>")).isEqualTo(501);
    }

    @ParameterizedTest
    @CsvSource({"BDAT 1000,1000,false", "BDAT 0 LAST,0,true", "bdat 17 last,17,true"})
    void bdat_sizes_parsed(String line, long size, boolean last) throws Exception {
        assertThat(parse(line)).isEqualTo(new SmtpCommand.Bdat(size, last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BDAT", "BDAT x", "BDAT 1 FIRST", "BDAT -1", "BDAT 1 LAST x"})
    void bdat_badSyntax_501(String line) {
        assertThat(refusal(line)).isEqualTo(501);
    }

    @Test
    void simpleVerbs_parsed() throws Exception {
        assertThat(parse("DATA")).isInstanceOf(SmtpCommand.Data.class);
        assertThat(parse("rset")).isInstanceOf(SmtpCommand.Rset.class);
        assertThat(parse("NOOP anything")).isInstanceOf(SmtpCommand.Noop.class);
        assertThat(parse("QUIT")).isInstanceOf(SmtpCommand.Quit.class);
        assertThat(parse("STARTTLS")).isInstanceOf(SmtpCommand.StartTls.class);
        assertThat(parse("VRFY Smith")).isEqualTo(new SmtpCommand.Vrfy("Smith"));
        assertThat(parse("HELP")).isEqualTo(new SmtpCommand.Help(""));
        assertThat(parse("ETRN @example.com")).isEqualTo(new SmtpCommand.Etrn("@example.com"));
    }

    @Test
    void arguments_onArgumentlessVerb_501() {
        assertThat(refusal("DATA now")).isEqualTo(501);
        assertThat(refusal("STARTTLS x")).isEqualTo(501);
        assertThat(refusal("QUIT please")).isEqualTo(501);
    }

    @Test
    void auth_initialResponse_kept() throws Exception {
        assertThat(parse("AUTH PLAIN AGZvbwBiYXI=")).isEqualTo(new SmtpCommand.Auth("PLAIN", "AGZvbwBiYXI="));
        assertThat(parse("auth login")).isEqualTo(new SmtpCommand.Auth("LOGIN", null));
        assertThat(parse("AUTH PLAIN =")).isEqualTo(new SmtpCommand.Auth("PLAIN", "="));
    }

    @Test
    void unknownVerb_500() {
        assertThat(refusal("XYZZY")).isEqualTo(500);
        assertThat(refusal("")).isEqualTo(500);
    }

    @Test
    void nulInCommand_500() {
        assertThatThrownBy(() -> parser.parse("NOOP a\0b".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(SmtpSyntaxException.class).hasMessageContaining("500");
    }

    @Test
    void invalidUtf8_500() {
        assertThatThrownBy(() -> parser.parse(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xc3}))
                .isInstanceOf(SmtpSyntaxException.class).hasMessageContaining("500 5.5.2");
    }

    @Test
    void commandLine_overLimit_500_authLineAllowedLonger() throws Exception {
        String longArg = "a".repeat(3000);
        assertThat(refusal("NOOP " + longArg)).isEqualTo(500);
        assertThat(parse("AUTH PLAIN " + longArg)).isInstanceOf(SmtpCommand.Auth.class);
        assertThat(refusal("AUTH PLAIN " + "a".repeat(13000))).isEqualTo(500);
    }

    @Test
    void xtext_roundTrip() throws Exception {
        String raw = "a+b=c d\u00e9";
        assertThat(SmtpCommandParser.xtext(SmtpCommandParser.encodeXtext("a+b=c d"), "X")).isEqualTo("a+b=c d");
        assertThat(SmtpCommandParser.encodeXtext(raw)).doesNotContain(" ", "=");
    }
}
