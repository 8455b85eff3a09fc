package org.switchboard.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** One-line checks that code refuses with a {@link Problem} of the expected kind and message. */
public final class ProblemAssertions {
    private ProblemAssertions() {}

    public static void assertProblem(ThrowingCallable code, Problem.Kind kind, String messagePart) {
        assertThatThrownBy(code).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(kind))
                .hasMessageContaining(messagePart);
    }

    public static void assertInvalid(ThrowingCallable code, String messagePart) {
        assertProblem(code, Problem.Kind.INVALID, messagePart);
    }
}
