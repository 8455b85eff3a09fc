package org.switchboard.core.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {
    private static final String USER = "alice";
    private static final String FULL_NAME = "Alice Smith";
    private static final String DOMAIN = "example.com";

    private final PasswordPolicy policy = PasswordPolicy.defaults();

    @Test
    void defaults_areComplexityOnEightCharactersNoExpiry() {
        assertThat(policy).isEqualTo(new PasswordPolicy(true, 8, 0));
    }

    @Test
    void violations_strongPassword_none() {
        assertThat(policy.violations("Tr0ub4dor&3", USER, FULL_NAME, DOMAIN)).isEmpty();
        assertThat(policy.violations("correct-Horse-battery", USER, FULL_NAME, DOMAIN)).isEmpty();
    }

    @Test
    void violations_tooShort_reportsMinimumLength() {
        assertThat(policy.violations("Ab1!x", USER, FULL_NAME, DOMAIN)).containsExactly("must be at least 8 characters");
        assertThat(policy.violations("Ab1!xyzw", USER, FULL_NAME, DOMAIN)).isEmpty();
    }

    @Test
    void violations_lengthCountsCharactersNotUtf16Units() {
        String sevenEmoji = "Aa1" + "\uD83D\uDE00".repeat(4);

        assertThat(policy.violations(sevenEmoji, USER, FULL_NAME, DOMAIN)).containsExactly("must be at least 8 characters");
    }

    @Test
    void violations_twoClassesOnly_reportsComplexity() {
        assertThat(policy.violations("lowercase123", USER, FULL_NAME, DOMAIN))
                .containsExactly("must contain 3 of: lowercase, uppercase, digits, symbols");
        assertThat(policy.violations("ALLUPPER!!!", USER, FULL_NAME, DOMAIN))
                .containsExactly("must contain 3 of: lowercase, uppercase, digits, symbols");
        assertThat(policy.violations("lower UPPER", USER, FULL_NAME, DOMAIN)).as("space is a symbol").isEmpty();
    }

    @Test
    void violations_containsUserNameInAnyCase_reportsIt() {
        assertThat(policy.violations("xALICEx-9", USER, "Bob Jones", DOMAIN)).containsExactly("must not contain the user name");
        assertThat(policy.violations("Myalice#9", "alice@example.com", null, null))
                .containsExactly("must not contain the user name");
    }

    @Test
    void violations_containsDomainOrItsFirstLabel_reportsDomainOnce() {
        assertThat(policy.violations("Xexample.com9", "bob", null, DOMAIN)).containsExactly("must not contain the domain");
        assertThat(policy.violations("my-EXAMPLE-9", "bob", null, DOMAIN)).containsExactly("must not contain the domain");
    }

    @Test
    void violations_containsPartOfFullName_namesThePart() {
        assertThat(policy.violations("agent-SMITH-7", "bob", FULL_NAME, DOMAIN))
                .containsExactly("must not contain part of the full name (\"Smith\")");
        assertThat(policy.violations("Alice&Smith1", "bob", FULL_NAME, DOMAIN)).containsExactly(
                "must not contain part of the full name (\"Alice\")", "must not contain part of the full name (\"Smith\")");
    }

    @Test
    void violations_namePartsOfTwoCharactersOrLess_areIgnored() {
        assertThat(policy.violations("Xxli-wu-9", "bob", "Li Wu", DOMAIN)).isEmpty();
        assertThat(policy.violations("Ab-c9-def", "ab", null, "ab.io")).isEmpty();
    }

    @Test
    void violations_everyRuleBroken_listsAllInOrder() {
        assertThat(policy.violations("alice", USER, FULL_NAME, DOMAIN)).containsExactly(
                "must be at least 8 characters",
                "must contain 3 of: lowercase, uppercase, digits, symbols",
                "must not contain the user name",
                "must not contain part of the full name (\"Alice\")");
    }

    @Test
    void violations_complexityOff_onlyLengthApplies() {
        PasswordPolicy simple = new PasswordPolicy(false, 4, 0);

        assertThat(simple.violations("alice", USER, FULL_NAME, DOMAIN)).isEmpty();
        assertThat(simple.violations("abc", USER, FULL_NAME, DOMAIN)).containsExactly("must be at least 4 characters");
    }

    @Test
    void violations_emptyOrNullPassword_alwaysViolates() {
        PasswordPolicy loosest = new PasswordPolicy(false, 1, 0);

        assertThat(loosest.violations("", USER, FULL_NAME, DOMAIN)).containsExactly("must not be empty");
        assertThat(loosest.violations(null, null, null, null)).isNotEmpty();
        assertThat(loosest.violations("x", null, null, null)).isEmpty();
    }

    @Test
    void policy_invalidNumbers_areRejected() {
        assertThatThrownBy(() -> new PasswordPolicy(false, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum password length");
        assertThatThrownBy(() -> new PasswordPolicy(true, 8, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
