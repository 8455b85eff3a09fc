package org.switchboard.smtp.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SortingTest {
    private static final List<SortingRule> RULES = List.of(
            new SortingRule("sales@partner.test", "alice@example.test"),
            new SortingRule("*@example.test", "*@example.test"),
            new SortingRule("*", "admin@example.test"));

    @Test
    void recipients_wildcardRule_keepsTheLocalPart() {
        assertThat(Sorting.recipients(List.of("Bob@Example.test"), RULES)).containsExactly("bob@example.test");
    }

    @Test
    void recipients_severalAddressesMatch_deliversToEachOnce() {
        assertThat(Sorting.recipients(List.of("sales@partner.test", "bob@example.test", "alice@example.test", "other@else.test"), RULES))
                .containsExactly("alice@example.test", "bob@example.test");
    }

    @Test
    void recipients_nothingMatches_catchAllOnly() {
        assertThat(Sorting.recipients(List.of("stranger@else.test"), RULES)).containsExactly("admin@example.test");
    }

    @Test
    void recipients_noCatchAll_discarded() {
        assertThat(Sorting.recipients(List.of("stranger@else.test"), RULES.subList(0, 2))).isEmpty();
    }

    @Test
    void addresses_headersAndReceivedFor_collectedInOrderWithoutDuplicates() {
        List<String> found = Sorting.addresses(List.of(" \"Bob, B.\" <bob@example.test>, alice@example.test", " bob@example.test"),
                List.of(" from mx.isp.test by pop.isp.test with ESMTP id 1\r\n\tfor <carol@example.test>; Sun, 1 Nov 2026 10:00:00 +0000"));
        assertThat(found).containsExactly("bob@example.test", "alice@example.test", "carol@example.test");
    }

    @Test
    void check_wildcardTargetWithoutWildcardPattern_refused() {
        assertThatThrownBy(() -> FetchSettings.check(new FetchSettings(false, null, false,
                List.of(new SortingRule("info@partner.test", "*@example.test")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may use *");
    }
}
