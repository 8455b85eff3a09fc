package org.switchboard.pbx.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.switchboard.pbx.media.RtpFormats;
import org.switchboard.pbx.sip.codec.Sdp;

/** The B2BUA's codec decisions on real-looking phone SDP: what it offers onwards and what it answers back. */
class AudioFormatsTest {
    static Sdp sdp(String audio) throws Exception {
        String text = "v=0\r\no=phone 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + audio;
        return Sdp.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static final String ALAW_101 = "m=audio 4000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
    static final String ULAW_96 = "m=audio 5000 RTP/AVP 0 96\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:96 telephone-event/8000\r\n"
            + "a=fmtp:96 0-16\r\na=ptime:20\r\na=sendrecv\r\n";

    @Test
    void withBothLaws_alawOnlyOffer_ulawAddedAfterIt() throws Exception {
        Sdp.Media m = AudioFormats.withBothLaws(sdp(ALAW_101)).media().get(0);
        assertThat(m.formats()).containsExactly("8", "0", "101");
        assertThat(m.attributes("rtpmap")).containsExactly("0 PCMU/8000", "8 PCMA/8000", "101 telephone-event/8000");
    }

    @Test
    void withBothLaws_bothOrNeitherOffered_unchanged() throws Exception {
        Sdp both = sdp("m=audio 4000 RTP/AVP 0 8\r\n");
        assertThat(AudioFormats.withBothLaws(both)).isSameAs(both);
        Sdp g722 = sdp("m=audio 4000 RTP/AVP 9\r\n");
        assertThat(AudioFormats.withBothLaws(g722)).isSameAs(g722);
    }

    @Test
    void answer_ulawPhoneAnswersAlawOffer_alawAndOfferersEventNumberWithAnswerersEvents() throws Exception {
        Sdp.Media offered = sdp(ALAW_101).media().get(0);
        Sdp.Media answered = sdp(ULAW_96).media().get(0);
        Sdp.Media ours = AudioFormats.answer(offered, answered, 30000);
        assertThat(ours.port()).isEqualTo(30000);
        assertThat(ours.formats()).containsExactly("8", "101");
        assertThat(ours.lines()).extracting(Sdp.Line::toString)
                .containsExactly("a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv");
    }

    @Test
    void answer_sameLawChosen_keptAsIs() throws Exception {
        Sdp.Media offered = sdp("m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n").media().get(0);
        Sdp.Media answered = sdp("m=audio 5000 RTP/AVP 8\r\n").media().get(0);
        assertThat(AudioFormats.answer(offered, answered, 30000).formats()).containsExactly("8");
    }

    @Test
    void answer_nothingTheOffererCanTake_answeredFormatsUnchanged() throws Exception {
        Sdp.Media offered = sdp("m=audio 4000 RTP/AVP 9\r\n").media().get(0);
        Sdp.Media answered = sdp("m=audio 5000 RTP/AVP 18\r\n").media().get(0);
        assertThat(AudioFormats.answer(offered, answered, 30000).formats()).containsExactly("18");
    }

    @Test
    void of_staticAndMappedTypes_encodingsByNumber() throws Exception {
        RtpFormats f = AudioFormats.of(sdp("m=audio 4000 RTP/AVP 0 96 97\r\na=rtpmap:96 telephone-event/8000\r\n"));
        assertThat(f.encoding(0)).isEqualTo(RtpFormats.PCMU);
        assertThat(f.encoding(96)).isEqualTo(RtpFormats.TELEPHONE_EVENT);
        assertThat(f.encoding(97)).as("dynamic without rtpmap: unknown").isNull();
        assertThat(f.encoding(8)).as("not negotiated").isNull();
        assertThat(AudioFormats.of(sdp(""))).isSameAs(RtpFormats.ANY);
    }
}
