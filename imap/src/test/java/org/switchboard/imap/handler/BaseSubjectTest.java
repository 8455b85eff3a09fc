package org.switchboard.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 §2.1 base subject extraction. */
class BaseSubjectTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Hello|HELLO|false",
        "Re: Hello|HELLO|true",
        "RE:Hello|HELLO|true",
        "Re: Re: Fwd: Hello|HELLO|true",
        "Re[2]: Hello|HELLO|true",
        "[list] Re: Hello|HELLO|true",
        "Hello (fwd)|HELLO|true",
        "[Fwd: Re: Hello]|HELLO|true",
        "  Hello \t  world |HELLO WORLD|false",
        "[only a blob]|[ONLY A BLOB]|false",
        "Re:|''|true",
        "Fw: x|X|true"})
    void of_rfc5256Rules_stripsMarkers(String subject, String base, boolean reply) {
        assertThat(BaseSubject.of(subject)).isEqualTo(base);
        assertThat(BaseSubject.isReply(subject)).isEqualTo(reply);
    }
}
