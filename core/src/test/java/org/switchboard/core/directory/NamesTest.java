package org.switchboard.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.core.error.Problem;

class NamesTest {

    @Test
    void domain_mixedCase_lowerCased() {
        assertThat(Names.domain("name", "Example.COM")).isEqualTo("example.com");
    }

    @Test
    void domain_surroundingSpacesAndTrailingDot_normalized() {
        assertThat(Names.domain("name", "  mail.example.com. ")).isEqualTo("mail.example.com");
    }

    @Test
    void domain_idn_convertedToALabel() {
        assertThat(Names.domain("name", "Bücher.de")).isEqualTo("xn--bcher-kva.de");
        assertThat(Names.domain("name", "xn--bcher-kva.de")).isEqualTo("xn--bcher-kva.de");
    }

    @Test
    void domain_hyphenInsideLabelAndDigits_accepted() {
        assertThat(Names.domain("name", "my-mail2.example-1.org")).isEqualTo("my-mail2.example-1.org");
    }

    @Test
    void domain_label63Characters_accepted() {
        String label = "a".repeat(63);
        assertThat(Names.domain("name", label + ".com")).isEqualTo(label + ".com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", "-a.com", "a-.com", "exa mple.com", "a_b.com", ".example.com", "example..com",
            "localhost", "example", "ex@mple.com", "192.0.2.1", "example.123"})
    void domain_malformed_invalidNamingTheInput(String raw) {
        assertThatThrownBy(() -> Names.domain("name", raw))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
                    assertThat(p.errors()).extracting(Problem.FieldError::field).containsExactly("name");
                })
                .hasMessageContaining("'" + raw + "'");
    }

    @Test
    void domain_label64Characters_invalid() {
        assertThatThrownBy(() -> Names.domain("name", "a".repeat(64) + ".com")).isInstanceOf(Problem.class);
    }

    @Test
    void domain_longerThan253_invalid() {
        String l = "a".repeat(63);
        String name = String.join(".", l, l, l, l);   // 255 characters
        assertThatThrownBy(() -> Names.domain("name", name)).isInstanceOf(Problem.class).hasMessageContaining("not a valid domain name");
    }

    @Test
    void domain_blankOrNull_requiredMessage() {
        assertThatThrownBy(() -> Names.domain("name", " ")).hasMessage("name: a domain name is required");
        assertThatThrownBy(() -> Names.domain("name", null)).hasMessage("name: a domain name is required");
    }

    @Test
    void localPart_mixedCase_lowerCasedAndTrimmed() {
        assertThat(Names.localPart("name", " John.Smith ")).isEqualTo("john.smith");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "j_smith", "j-smith", "john.smith", "007", "trailing_", "trailing-"})
    void localPart_allowedCharacters_accepted(String raw) {
        assertThat(Names.localPart("name", raw)).isEqualTo(raw);
    }

    @Test
    void localPart_64Characters_accepted() {
        assertThat(Names.localPart("name", "a".repeat(64))).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"john smith", "john..smith", ".john", "john.", "-john", "_john", "jöhn", "a@b", "a+tag", "x*", "a/b"})
    void localPart_forbiddenCharacters_invalid(String raw) {
        assertThatThrownBy(() -> Names.localPart("name", raw))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID))
                .hasMessageContaining("may contain only letters a-z");
    }

    @Test
    void localPart_65Characters_invalid() {
        assertThatThrownBy(() -> Names.localPart("name", "a".repeat(65))).hasMessageContaining("at most 64");
    }

    @Test
    void localPart_empty_required() {
        assertThatThrownBy(() -> Names.localPart("name", "  ")).hasMessage("name: a name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "?ill", "*erlock", "info", "first.last", "a-b_c", "sales*", "?"})
    void aliasPattern_guideCharactersAndWildcards_accepted(String raw) {
        assertThat(Names.aliasPattern("pattern", raw)).isEqualTo(raw);
    }

    @Test
    void aliasPattern_upperCase_lowerCased() {
        assertThat(Names.aliasPattern("pattern", "Info")).isEqualTo("info");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a@b", "a+b", "ä", "a/b"})
    void aliasPattern_otherCharacters_invalid(String raw) {
        assertThatThrownBy(() -> Names.aliasPattern("pattern", raw)).isInstanceOf(Problem.class).hasMessageContaining("wildcards");
    }

    @Test
    void aliasPattern_65Characters_invalid() {
        assertThatThrownBy(() -> Names.aliasPattern("pattern", "a".repeat(65))).isInstanceOf(Problem.class);
    }

    @Test
    void split_addressWithDomain_localAndDomainLowerCased() {
        assertThat(Names.split(" John@Example.COM ")).containsExactly("john", "example.com");
    }

    @Test
    void split_bareName_nullDomain() {
        assertThat(Names.split("john")).containsExactly("john", null);
    }

    @Test
    void split_idnDomain_aLabel() {
        assertThat(Names.split("anna@bücher.de")).containsExactly("anna", "xn--bcher-kva.de");
    }
}
