package org.switchboard.pbx.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStreamReaderTest {
    static final String REGISTER = "REGISTER sip:example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 192.0.2.1:5070;branch=z9hG4bKone;rport\r\n"
            + "f: <sip:1001@example.com>;tag=a\r\nt: <sip:1001@example.com>\r\ni: reg-1\r\n"
            + "CSeq: 1 REGISTER\r\nm: <sip:1001@192.0.2.1:5070;transport=tcp>;expires=60\r\nMax-Forwards: 70\r\n"
            + "Content-Length: 5\r\n\r\nhello";

    static List<SipMessage> drain(SipStreamReader r) throws SipParseException {
        List<SipMessage> out = new ArrayList<>();
        for (var m = r.next(); m.isPresent(); m = r.next()) out.add(m.get());
        return out;
    }

    @Test
    void stream_splitAtEveryByte_sameTwoMessages() throws Exception {
        byte[] two = ("\r\n\r\n" + REGISTER + REGISTER.replace("reg-1", "reg-2")).getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= two.length; split++) {
            SipStreamReader r = new SipStreamReader(SipLimits.DEFAULT);
            List<SipMessage> got = new ArrayList<>();
            r.feed(two, 0, split);
            got.addAll(drain(r));
            r.feed(two, split, two.length - split);
            got.addAll(drain(r));
            assertThat(got).as("split at " + split).extracting(SipMessage::callId).containsExactly("reg-1", "reg-2");
            assertThat(got.get(1).body()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(r.buffered()).isZero();
        }
    }

    @Test
    void stream_byteByByte_messagesComeOutWhenComplete() throws Exception {
        byte[] b = REGISTER.getBytes(StandardCharsets.UTF_8);
        SipStreamReader r = new SipStreamReader(SipLimits.DEFAULT);
        for (int i = 0; i < b.length - 1; i++) {
            r.feed(b, i, 1);
            assertThat(r.next()).isEmpty();
        }
        r.feed(b, b.length - 1, 1);
        assertThat(r.next()).isPresent();
    }

    @Test
    void stream_doubleCrlfPing_counted() throws Exception {
        SipStreamReader r = new SipStreamReader(SipLimits.DEFAULT);
        byte[] ping = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        r.feed(ping, 0, ping.length);
        assertThat(r.next()).isEmpty();
        assertThat(r.takePings()).isEqualTo(1);
        assertThat(r.takePings()).isZero();
    }

    @Test
    void stream_missingContentLength_fatal() throws Exception {
        SipStreamReader r = new SipStreamReader(SipLimits.DEFAULT);
        byte[] b = REGISTER.replace("Content-Length: 5\r\n", "").getBytes(StandardCharsets.UTF_8);
        r.feed(b, 0, b.length);
        assertThatThrownBy(r::next).isInstanceOf(SipParseException.class).hasMessageContaining("Content-Length is required");
    }

    @Test
    void stream_headerSectionNeverEnds_refusedAtLimit() throws Exception {
        SipLimits small = new SipLimits(4096, 1024, 64, 1024, 16);
        SipStreamReader r = new SipStreamReader(small);
        byte[] junk = "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                r.feed(junk, 0, junk.length);
                r.next();
            }
        }).isInstanceOf(SipParseException.class).hasMessageContaining("header section over 1024 bytes")
                .satisfies(e -> assertThat(((SipParseException) e).status()).isEqualTo(513));
    }

    @Test
    void stream_bodyOverLimit_refusedBeforeBuffering() throws Exception {
        SipStreamReader r = new SipStreamReader(new SipLimits(4096, 1024, 64, 100, 16));
        byte[] b = REGISTER.replace("Content-Length: 5", "Content-Length: 1000").getBytes(StandardCharsets.UTF_8);
        r.feed(b, 0, b.length);
        assertThatThrownBy(r::next).isInstanceOf(SipParseException.class).hasMessageContaining("over the limit");
    }
}
