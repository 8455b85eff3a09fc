package org.switchboard.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3501 §5.1.3 modified UTF-7, both directions. */
class ModifiedUtf7Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "~peter/mail/&U,BTFw-/&ZeVnLIqe-|~peter/mail/台北/日本語",
        "&ZeVnLIqe-|日本語",
        "Tom &- Jerry|Tom & Jerry",
        "Entw&APw-rfe|Entwürfe",
        "&2D3eAA-|\uD83D\uDE00",
        "plain ascii|plain ascii",
        "&AOQA9gD8-|äöü"})
    void roundTrip_rfcAndCommonNames_matches(String encoded, String decoded) {
        assertThat(ModifiedUtf7.decode(encoded)).contains(decoded);
        assertThat(ModifiedUtf7.encode(decoded)).isEqualTo(encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"&Jjo!", "&U,BTFw", "&AGE-", "&-&", "\u00e9", "&A-", "&AOQ-x&AOQ"})
    void decode_invalid_empty(String text) {
        assertThat(ModifiedUtf7.decode(text)).isEmpty();
    }

    @Test
    void encode_controlCharacters_shifted() {
        assertThat(ModifiedUtf7.encode("a\tb")).isEqualTo("a&AAk-b");
        assertThat(ModifiedUtf7.decode("a&AAk-b")).contains("a\tb");
    }
}
