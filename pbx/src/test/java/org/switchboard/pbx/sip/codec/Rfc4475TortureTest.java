package org.switchboard.pbx.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The RFC 4475 torture messages (test resources sip/rfc4475/*.dat, written from the RFC text with CRLF line ends). */
class Rfc4475TortureTest {
    private final SipMessageReader reader = new SipMessageReader(SipLimits.DEFAULT);

    static byte[] load(String name) throws IOException {
        try (InputStream in = Rfc4475TortureTest.class.getResourceAsStream("/sip/rfc4475/" + name + ".dat")) {
            if (in == null) throw new IOException("missing torture message " + name);
            return in.readAllBytes();
        }
    }

    SipMessage parse(String name) throws Exception {
        byte[] b = load(name);
        return reader.parseDatagram(b, 0, b.length);
    }

    /** §3.1.1 valid messages, and the §3.2/§3.3 ones that are syntactically fine and left to the application. */
    static Stream<String> valid() {
        return Stream.of("wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri",
                "transports", "mpart01", "unreason", "noreason", "badbranch", "unkscm", "novelsc", "unksm2", "bext01",
                "invut", "regaut01", "bcast", "zeromf", "cparam01", "cparam02", "regescrt", "sdp01", "inv2543",
                // §3.1.2.11: an element may ignore a Date it does not use; we never read Date.
                "baddate");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void torture_validMessage_parses(String name) throws Exception {
        SipMessage m = parse(name);
        assertThat(m.headers().vias()).isNotEmpty();
        assertThat(m.callId()).isNotBlank();
    }

    /** §3.1.2 invalid messages and the §3.3 ones an element answers with 400: refused, with the reason named. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("badinv01", 400, "empty"),
                Arguments.of("clerr", 400, "Content-Length 9999"),
                Arguments.of("ncl", 400, "Content-Length '-999'"),
                Arguments.of("scalar02", 400, "CSeq number"),
                Arguments.of("scalarlg", 400, "CSeq number"),
                Arguments.of("quotbal", 400, "quoted string"),
                Arguments.of("ltgtruri", 400, "URI"),
                Arguments.of("lwsruri", 400, "Request-Line"),
                Arguments.of("lwsstart", 400, "Request-Line"),
                Arguments.of("trws", 400, "Request-Line"),
                Arguments.of("escruri", 400, "URI headers"),
                Arguments.of("regbadct", 400, "enclosed in <>"),
                Arguments.of("badaspec", 400, "whitespace inside <URI>"),
                Arguments.of("baddn", 400, "must be quoted"),
                Arguments.of("badvers", 505, "SIP version"),
                Arguments.of("mismatch01", 400, "CSeq method INVITE does not match"),
                Arguments.of("mismatch02", 400, "CSeq method INVITE does not match"),
                Arguments.of("bigcode", 400, "status code"),
                Arguments.of("insuf", 400, "missing"),
                Arguments.of("multi01", 400, "more than one"),
                Arguments.of("mcl01", 400, "more than one Content-Length"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void torture_invalidMessage_refusedWithReason(String name, int status, String reason) {
        assertThatThrownBy(() -> parse(name)).isInstanceOf(SipParseException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((SipParseException) e).status()).isEqualTo(status));
    }

    @Test
    void wsinv_foldingCompactFormsAndLws_readAsTheRfcSays() throws Exception {
        SipRequest r = (SipRequest) parse("wsinv");
        assertThat(r.method()).isEqualTo("INVITE");
        assertThat(r.headers().to().tag()).contains("1918181833n");
        assertThat(r.headers().from().displayName()).isEqualTo("J Rosenberg \\\"");
        assertThat(r.headers().from().tag()).contains("98asjd8");
        assertThat(r.cseq()).isEqualTo(new CSeq(9, "INVITE"));
        assertThat(r.headers().integer("Max-Forwards")).contains(68);
        List<Via> vias = r.headers().vias();
        assertThat(vias).extracting(Via::host).containsExactly("192.0.2.2", "spindle.example.com", "192.168.255.111");
        assertThat(vias).extracting(Via::transport).containsExactly("UDP", "TCP", "UDP");
        assertThat(vias.get(2).branch()).contains("z9hG4bK30239");
        assertThat(r.headers().first("Subject")).contains("");
        assertThat(r.headers().first("NewFangledHeader")).contains("newfangled value continued newfangled value");
        assertThat(r.headers().first("UnknownHeaderWithUnusualValue")).contains(";;,,;;,;");
        Address contact = r.headers().contacts().get(0);
        assertThat(contact.displayName()).isEqualTo("Quoted string \"\"");
        assertThat(contact.params().get("newparam")).contains("newvalue");
        assertThat(contact.params().has("secondparam")).isTrue();
        assertThat(contact.params().get("q")).contains("0.33");
        assertThat(r.body()).hasSize(150);
    }

    @Test
    void intmeth_unusualCharacters_keptExactly() throws Exception {
        SipRequest r = (SipRequest) parse("intmeth");
        assertThat(r.method()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
        SipUri uri = r.sipUri().orElseThrow();
        assertThat(uri.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(uri.password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        assertThat(r.headers().to().displayName()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007f");
        assertThat(r.headers().from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
        assertThat(r.headers().from().params().get("fromParam''~+*_!.-%")).contains("работающий");
        assertThat(r.headers().from().tag()).contains("_token~1'+`*%!-.");
        assertThat(r.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
        assertThat(r.headers().first("extensionHeader-!.%*+_`'~")).contains("\ufeff大停電");
    }

    @Test
    void esc01_escapes_decodedOnlyOnce() throws Exception {
        SipRequest r = (SipRequest) parse("esc01");
        assertThat(r.sipUri().orElseThrow().userUnescaped()).isEqualTo("sips:user@example.com");
        assertThat(r.headers().to().sipUri().userUnescaped()).isEqualTo("user");
        SipUri contact = r.headers().contacts().get(0).sipUri();
        assertThat(contact.userUnescaped()).isEqualTo("caller");
        assertThat(Grammar.unescape(contact.params().get("n%61me").orElseThrow())).isEqualTo("value%41");
    }

    @Test
    void escnull_nullsInUserPart_twoDistinctContacts() throws Exception {
        SipRequest r = (SipRequest) parse("escnull");
        assertThat(r.headers().contacts()).extracting(a -> a.sipUri().userUnescaped()).containsExactly("\u0000", "\u0000\u0000");
    }

    @Test
    void esc02_percentInMethodAndHeaderName_notAnEscape() throws Exception {
        SipRequest r = (SipRequest) parse("esc02");
        assertThat(r.method()).isEqualTo("RE%47IST%45R");
        assertThat(r.headers().contacts()).hasSize(2);
        assertThat(r.headers().to().displayName()).isEqualTo("%Z%45");
    }

    @Test
    void dblreq_octetsAfterContentLength_ignored() throws Exception {
        SipRequest r = (SipRequest) parse("dblreq");
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void semiuri_userPartWithSemicolon_parsedAsUser() throws Exception {
        SipRequest r = (SipRequest) parse("semiuri");
        assertThat(r.sipUri().orElseThrow().userUnescaped()).isEqualTo("user;par=u@example.net");
        assertThat(r.headers().all("Accept")).hasSize(6);
    }

    @Test
    void longreq_34Vias_allKeptInOrder() throws Exception {
        SipRequest r = (SipRequest) parse("longreq");
        assertThat(r.headers().vias()).hasSize(34);
        assertThat(r.headers().vias().get(0).host()).isEqualTo("sip33.example.com");
        assertThat(r.headers().vias().get(33).received()).contains("192.0.2.5");
    }

    @Test
    void unreasonAndNoreason_reasonPhrase_anyUtf8OrEmpty() throws Exception {
        assertThat(((SipResponse) parse("unreason")).reason()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
        SipResponse noreason = (SipResponse) parse("noreason");
        assertThat(noreason.status()).isEqualTo(100);
        assertThat(noreason.reason()).isEmpty();
    }

    @Test
    void mpart01_binaryBodyWithNuls_framedByContentLength() throws Exception {
        SipRequest r = (SipRequest) parse("mpart01");
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).endsWith("--7a9cbec02ceef655--\r\n");
        assertThat(r.topVia().hasRport()).isTrue();
        assertThat(r.topVia().port()).isEqualTo(5070);
    }

    @Test
    void unksm2_nonSipSchemesInAddresses_parsedAsUris() throws Exception {
        SipRequest r = (SipRequest) parse("unksm2");
        assertThat(r.headers().to().uri()).isEqualTo("isbn:2983792873");
        assertThat(r.headers().to().sipUri()).isNull();
        assertThat(r.headers().contacts().get(0).uri()).isEqualTo("name:John_Smith");
    }

    @Test
    void tortureMessages_eachRoundTripsThroughTheWriter() throws Exception {
        for (String name : valid().toList()) {
            SipMessage m = parse(name);
            byte[] again = SipMessageWriter.write(m);
            SipMessage back = reader.parseDatagram(again, 0, again.length);
            assertThat(back.headers().without("Content-Length").list()).as(name).isEqualTo(m.headers().without("Content-Length").list());
            assertThat(back.body()).as(name).isEqualTo(m.body());
        }
    }
}
