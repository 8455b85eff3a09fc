package org.switchboard.pbx.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Replaces header (RFC 3891 §6.1) as a header value and inside a Refer-To URI (RFC 5589 §7). */
class ReplacesTest {
    @Test
    void parse_headerWithBothTagsAndFlag_allFieldsRead() throws Exception {
        Replaces r = Replaces.parse("98732@sip.example.com ; from-tag=r33th4x0r ;to-tag=ff87ff;early-only");
        assertThat(r).isEqualTo(new Replaces("98732@sip.example.com", "ff87ff", "r33th4x0r", true));
    }

    @Test
    void fromUriHeaders_escapedValueAmongOthers_unescaped() throws Exception {
        assertThat(Replaces.fromUriHeaders("Subject=hi&Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994"))
                .contains(new Replaces("12345@192.168.118.3", "12345", "5FFE-3994", false));
        assertThat(Replaces.fromUriHeaders("Subject=hi")).isEmpty();
        assertThat(Replaces.fromUriHeaders(null)).isEmpty();
    }

    @Test
    void parse_missingTagOrCallIdOrTooLong_refused() {
        assertThatThrownBy(() -> Replaces.parse("abc;to-tag=1")).isInstanceOf(SipParseException.class).hasMessageContaining("from-tag");
        assertThatThrownBy(() -> Replaces.parse("abc;from-tag=1")).isInstanceOf(SipParseException.class).hasMessageContaining("to-tag");
        assertThatThrownBy(() -> Replaces.parse(";to-tag=1;from-tag=2")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Replaces.parse("x".repeat(2000) + ";to-tag=1;from-tag=2")).isInstanceOf(SipParseException.class)
                .hasMessageContaining("longer");
        assertThatThrownBy(() -> Replaces.fromUriHeaders("Replaces=abc%3Bto-tag%3D1")).isInstanceOf(SipParseException.class);
    }
}
