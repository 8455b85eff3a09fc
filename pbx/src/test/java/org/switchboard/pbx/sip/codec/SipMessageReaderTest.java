package org.switchboard.pbx.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SipMessageReaderTest {
    private final SipMessageReader reader = new SipMessageReader(SipLimits.DEFAULT);

    SipMessage parse(String text) throws SipParseException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return reader.parseDatagram(b, 0, b.length);
    }

    static String options(String requestUri, String extraHeaders) {
        return "OPTIONS " + requestUri + " SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: \"Caller\" <sip:caller@[2001:db8::9:1]>;tag=81x2\r\nTo: <sip:user@example.com>\r\n"
                + "Call-ID: SSG9559905523997077@hlau_4100\r\nCSeq: 1 OPTIONS\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n";
    }

    /** RFC 5118 §4: IPv6 references in URIs and Via. */
    @ParameterizedTest
    @ValueSource(strings = {"sip:[2001:db8::10]", "sip:user@[2001:db8::10]:5070", "sip:[2001:db8::10:5070]",
            "sip:[::ffff:192.0.2.10]", "sip:[2001:db8::192.0.2.1]", "sip:user@[::1];transport=udp"})
    void ipv6_validReference_parses(String uri) throws Exception {
        SipRequest r = (SipRequest) parse(options(uri, ""));
        assertThat(r.sipUri().orElseThrow().host()).startsWith("[");
        assertThat(r.topVia().host()).isEqualTo("[2001:db8::9:1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:2001:db8::10", "sip:[2001:db8:::192.0.2.1]", "sip:[2001:db8::10", "sip:[1:2:3:4:5:6:7:8:9]"})
    void ipv6_malformedReference_refused(String uri) {
        assertThatThrownBy(() -> parse(options(uri, ""))).isInstanceOf(SipParseException.class);
    }

    @Test
    void via_rportReceivedAndPort_parsed() throws Exception {
        Via v = Via.parse("SIP/2.0/udp 10.0.0.7:5062;rport=4711;received=203.0.113.9;branch=z9hG4bK776");
        assertThat(v.transport()).isEqualTo("UDP");
        assertThat(v.port()).isEqualTo(5062);
        assertThat(v.params().get("rport")).contains("4711");
        assertThat(v.received()).contains("203.0.113.9");
        assertThat(v.branch()).contains("z9hG4bK776");
        assertThat(Via.parse(v.toString())).isEqualTo(v);
    }

    @Test
    void contacts_commaListAndSeparateFields_allValuesInOrder() throws Exception {
        SipMessage m = parse(options("sip:user@example.com",
                "Contact: <sip:a@h1>;expires=60, \"B, Jr.\" <sip:b@h2>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1\r\nm: sip:c@h3\r\n"));
        assertThat(m.headers().contacts()).extracting(a -> a.sipUri().user()).containsExactly("a", "b", "c");
        Address b = m.headers().contacts().get(1);
        assertThat(b.displayName()).isEqualTo("B, Jr.");
        assertThat(b.params().get("+sip.instance")).contains("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
        assertThat(b.params().raw("+sip.instance")).contains("\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
        assertThat(b.params().get("reg-id")).contains("1");
    }

    @ParameterizedTest
    @CsvSource({"i,Call-ID", "m,Contact", "l,Content-Length", "c,Content-Type", "f,From", "s,Subject", "k,Supported",
            "t,To", "v,Via", "o,Event", "r,Refer-To", "b,Referred-By", "x,Session-Expires", "CALL-ID,Call-ID", "cseq,CSeq"})
    void headerNames_compactAndOddCase_canonical(String received, String canonical) {
        assertThat(HeaderNames.canonical(received)).isEqualTo(canonical);
    }

    @Test
    void datagram_overMessageLimit_refusedWith513() {
        byte[] big = new byte[70_000];
        assertThatThrownBy(() -> reader.parseDatagram(big, 0, big.length)).isInstanceOf(SipParseException.class)
                .satisfies(e -> assertThat(((SipParseException) e).status()).isEqualTo(513));
    }

    @Test
    void datagram_tooManyHeaderFields_refused() {
        String many = "X-A: 1\r\n".repeat(300);
        assertThatThrownBy(() -> parse(options("sip:u@example.com", many))).isInstanceOf(SipParseException.class)
                .hasMessageContaining("header fields");
    }

    @Test
    void datagram_tooManyValuesInOneField_refused() {
        String vias = "Route: " + "<sip:r@h;lr>,".repeat(70) + "<sip:r@h;lr>\r\n";
        assertThatThrownBy(() -> parse(options("sip:u@example.com", vias))).isInstanceOf(SipParseException.class)
                .hasMessageContaining("too many values");
    }

    @Test
    void datagram_truncated_refusedNotCrashed() throws Exception {
        byte[] full = options("sip:u@example.com", "").replace("Content-Length: 0", "Content-Length: 20").getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < full.length; cut += 7) {
            try {
                reader.parseDatagram(full, 0, cut);
            } catch (SipParseException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThatThrownBy(() -> reader.parseDatagram(full, 0, full.length)).hasMessageContaining("Content-Length 20");
    }

    @Test
    void writer_injectedNewlineInValue_cannotAddAHeader() throws Exception {
        SipRequest r = (SipRequest) parse(options("sip:u@example.com", ""));
        SipRequest evil = r.withHeaders(r.headers().add("Subject", "hi\r\nEvil: yes"));
        SipMessage back = parse(new String(SipMessageWriter.write(evil), StandardCharsets.UTF_8));
        assertThat(back.headers().first("Evil")).isEmpty();
    }

    @Test
    void response_builtForRequest_copiesDialogFieldsAndAddsTag() throws Exception {
        SipRequest r = (SipRequest) parse(options("sip:u@example.com", ""));
        SipResponse resp = SipResponse.to(r, 200, "OK", "srv1");
        SipResponse back = (SipResponse) parse(new String(SipMessageWriter.write(resp), StandardCharsets.UTF_8));
        assertThat(back.headers().to().tag()).contains("srv1");
        assertThat(back.headers().from().tag()).contains("81x2");
        assertThat(back.cseq()).isEqualTo(new CSeq(1, "OPTIONS"));
        assertThat(back.topVia().branch()).contains("z9hG4bKas3-111");
    }

    @Test
    void authParams_digestCredentials_parsed() throws Exception {
        AuthParams a = AuthParams.parse("Digest username=\"1001\", realm=\"switchboard\", nonce=\"abc\", uri=\"sip:example.com\","
                + " response=\"0123\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"x y\"");
        assertThat(a.isDigest()).isTrue();
        assertThat(a.get("username")).contains("1001");
        assertThat(a.get("algorithm")).contains("SHA-256");
        assertThat(a.get("nc")).contains("00000001");
        assertThat(a.get("cnonce")).contains("x y");
        assertThatThrownBy(() -> AuthParams.parse("Digest username=\"a\" realm=\"b\"")).isInstanceOf(SipParseException.class);
    }

    @Test
    void sdp_offer_parsedAndRewritten() throws Exception {
        String offer = "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                + "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=sendonly\r\n";
        Sdp sdp = Sdp.parse(offer.getBytes(StandardCharsets.UTF_8));
        Sdp.Media audio = sdp.media().get(0);
        assertThat(audio.port()).isEqualTo(49170);
        assertThat(audio.formats()).containsExactly("0", "8", "101");
        assertThat(audio.direction()).contains(Sdp.Direction.SENDONLY);
        assertThat(sdp.connectionFor(audio)).contains("192.0.2.10");
        Sdp relayed = sdp.withConnection("203.0.113.5").withMedia(java.util.List.of(audio.withPort(30000)));
        Sdp back = Sdp.parse(relayed.toBytes());
        assertThat(back.connectionFor(back.media().get(0))).contains("203.0.113.5");
        assertThat(back.media().get(0).port()).isEqualTo(30000);
        assertThat(back.media().get(0).attributes("rtpmap")).contains("101 telephone-event/8000");
        assertThatThrownBy(() -> Sdp.parse("o=x\r\n".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("v=0");
    }
}
