package org.switchboard.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9051 §9 sequence-set: ranges in any order, "*", "$", and what is invalid. */
class SequenceSetTest {

    @Test
    void contains_rangesInAnyOrderAndStar_resolvedAgainstMax() {
        SequenceSet set = SequenceSet.parse("5:3,9,*:12", false);
        assertThat(List.of(1L, 2L, 3L, 4L, 5L, 6L, 9L, 12L, 13L, 14L, 15L).stream().filter(n -> set.contains(n, 15)).toList())
                .containsExactly(3L, 4L, 5L, 9L, 12L, 13L, 14L, 15L);
        // "*" with fewer messages than the other end: RFC 9051 §9 "2:*" with 1 message means 1:2.
        assertThat(SequenceSet.parse("2:*", false).contains(1, 1)).isTrue();
        assertThat(SequenceSet.parse("*", false).highest(7)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "1:0", "a", "1,,2", "1:", ":3", "4294967296", "1:2:3", "$,1", "-1", "1 2"})
    void parse_invalid_rejected(String text) {
        assertThatThrownBy(() -> SequenceSet.parse(text, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_savedResult_onlyWhereAllowed() {
        assertThat(SequenceSet.parse("$", true).savedResult()).isTrue();
        assertThatThrownBy(() -> SequenceSet.parse("$", false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SequenceSet.parse("4294967295", false).highest(1)).isEqualTo(4294967295L);
    }

    @Test
    void format_numbers_compactRanges() {
        assertThat(SequenceSet.format(List.of(5L, 1L, 2L, 3L, 9L, 10L))).isEqualTo("1:3,5,9:10");
        assertThat(SequenceSet.formatInOrder(List.of(7L, 8L, 3L))).isEqualTo("7:8,3");
        assertThat(SequenceSet.parse("1:*,4", false).toString()).isEqualTo("1:*,4");
    }

    @Test
    void numbers_rangesAsWritten_eachAscendingWithStarAsMax() {
        var it = SequenceSet.parse("5,3:1,7:*", false).numbers(8);
        List<Long> out = new java.util.ArrayList<>();
        while (it.hasNext()) out.add(it.nextLong());
        assertThat(out).containsExactly(5L, 1L, 2L, 3L, 7L, 8L);
        assertThat(SequenceSet.parse("5,3:1,7:*", false).size(8)).isEqualTo(6);
        assertThat(SequenceSet.parse("1:4294967295", false).size(0)).isEqualTo(4294967295L);
    }
}
