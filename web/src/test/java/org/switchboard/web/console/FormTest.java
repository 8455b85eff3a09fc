package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.switchboard.core.error.Problem;

class FormTest {
    @Test
    void parse_urlEncodedFields_decodesPlusPercentAndRepeats() {
        Form f = Form.parse("name=Alice+Smith&groups=a&groups=b&note=50%25&empty=&flag");
        assertThat(f.get("name")).isEqualTo("Alice Smith");
        assertThat(f.all("groups")).containsExactly("a", "b");
        assertThat(f.get("note")).isEqualTo("50%");
        assertThat(f.has("empty")).isTrue();
        assertThat(f.checked("flag")).isTrue();
        assertThat(f.checked("missing")).isFalse();
    }

    @Test
    void parse_tooManyFields_refusedAsTooLarge() {
        String many = "a=1&".repeat(Form.MAX_FIELDS + 1);
        assertThatThrownBy(() -> Form.parse(many)).isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).kind()).isEqualTo(Problem.Kind.TOO_LARGE));
    }

    @Test
    void parse_brokenPercentEncoding_isInvalidNotACrash() {
        assertThatThrownBy(() -> Form.parse("a=%zz")).isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).kind()).isEqualTo(Problem.Kind.INVALID));
    }

    @Test
    void echo_passwordsAndTokens_neverEchoed() {
        Form f = Form.parse("name=bob&password=S3cret&password2=S3cret&_csrf=t");
        assertThat(f.echo()).containsOnlyKeys("name");
    }

    @Test
    void lines_commaOrNewlineSeparated_trimmedAndNonEmpty() {
        Form f = Form.parse("addresses=" + java.net.URLEncoder.encode(" bob \n\nrobert, bobby ", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(f.lines("addresses", true)).containsExactly("bob", "robert", "bobby");
        assertThat(f.lines("addresses", false)).containsExactly("bob", "robert, bobby");
    }
}
