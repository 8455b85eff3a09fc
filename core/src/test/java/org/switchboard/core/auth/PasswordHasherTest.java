package org.switchboard.core.auth;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hash_anyPassword_isArgon2idPhcStringWithOwaspParameters() {
        String h = hasher.hash("correct horse");

        assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(h.split("\\$")).hasSize(6);
        assertThat(hasher.hash("correct horse")).as("salted").isNotEqualTo(h);
        assertThat(hasher.needsRehash(h)).isFalse();
    }

    @Test
    void verify_roundTrip_acceptsRightAndRejectsWrongPassword() {
        String h = hasher.hash("Grüße, 世界!");

        assertThat(hasher.verify("Grüße, 世界!", h)).isTrue();
        assertThat(hasher.verify("Grüsse, 世界!", h)).isFalse();
        assertThat(hasher.verify("", h)).isFalse();
    }

    @Test
    void verify_bcryptFromPassword4j_isAcceptedAndNeedsRehash() {
        for (Bcrypt type : new Bcrypt[] {Bcrypt.A, Bcrypt.B, Bcrypt.Y}) {
            String h = BcryptFunction.getInstance(type, 6).hash("imported pw").getResult();
            assertThat(h).startsWith("$2" + type.minor() + "$");
            assertThat(hasher.verify("imported pw", h)).isTrue();
            assertThat(hasher.verify("imported pW", h)).isFalse();
            assertThat(hasher.needsRehash(h)).isTrue();
        }
    }

    @Test
    void verify_hashesFromOtherImplementations_areAccepted() {
        // PHP's password_verify documentation example and the Argon2 reference CLI's README example.
        assertThat(hasher.verify("rasmuslerdorf", "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a")).isTrue();
        String argon2i = "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
        assertThat(hasher.verify("password", argon2i)).isTrue();
        assertThat(hasher.needsRehash(argon2i)).as("argon2i is not argon2id").isTrue();
    }

    @Test
    void needsRehash_weakerArgon2idOrUnknown_isTrue() {
        assertThat(hasher.needsRehash("$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObGRdescudvJCs")).isTrue();
        assertThat(hasher.needsRehash("$argon2id$v=19$m=19456,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObGRdescudvJCs")).isTrue();
        assertThat(hasher.needsRehash("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObGRdescudvJCs")).isFalse();
        assertThat(hasher.needsRehash("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=")).isTrue();
        assertThat(hasher.needsRehash(null)).isTrue();
    }

    @Test
    void verify_garbageOrUnknownFormat_isFalseWithoutException() {
        String[] garbage = {
            "", "plain", "$argon2id$", "$argon2id$v=19$m=abc,t=2,p=1$x$y", "$argon2id$v=19$m=19456,t=2,p=1$!!$!!",
            "$2b$", "$2b$10$short", "$2b$99$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a",
            "$2x$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a",
            "{SSHA}abc", "$1$salt$hash", "$6$salt$hash", "x".repeat(10_000),
        };
        for (String g : garbage) assertThat(hasher.verify("password", g)).as(g).isFalse();
        assertThat(hasher.verify(null, hasher.hash("x"))).isFalse();
        assertThat(hasher.verify("x", null)).isFalse();
    }

    @Test
    void verify_wellFormedHashAskingForHugeWork_isRefusedQuickly() {
        // password4j would allocate 4 GiB / run 2^20 bcrypt rounds (minutes) for these; we refuse first.
        long start = System.nanoTime();

        assertThat(hasher.verify("password", "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG")).isFalse();
        assertThat(hasher.verify("password", "$argon2id$v=19$m=19456,t=100000,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG")).isFalse();
        assertThat(hasher.verify("rasmuslerdorf", "$2y$20$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a")).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
