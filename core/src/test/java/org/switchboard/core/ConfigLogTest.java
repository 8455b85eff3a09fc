package org.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.directory.Credentials;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.directory.User;

class ConfigLogTest {
    private static final Actor ADMIN = new Actor("admin", "192.0.2.10");

    record Account(String name, String password, String secret, String passwordHash, Integer limit) {}

    record Outer(String label, Inner inner) {}

    record Inner(String voicemailPinHash, int size) {}

    private static User user(Credentials credentials, User.Phone phone, String fullName) {
        return new User("id-1", "holmes.com", "sherlock", fullName, null, List.of(), true, AdminRole.NONE, null,
                Quota.UNLIMITED, credentials, phone, Instant.EPOCH, null);
    }

    @Test
    void diff_plainField_oldArrowNew() {
        assertThat(ConfigLog.diff(new Account("a", "p", "s", "h", 1), new Account("b", "p", "s", "h", 1)))
                .containsExactly("name: a -> b");
    }

    @Test
    void diff_emptyAndNull_shownReadably() {
        assertThat(ConfigLog.diff(new Account("", "p", "s", "h", null), new Account("x", "p", "s", "h", 5)))
                .containsExactly("name: '' -> x", "limit: (none) -> 5");
    }

    @Test
    void diff_equal_nothing() {
        assertThat(ConfigLog.diff(new Account("a", "p", "s", "h", 1), new Account("a", "p", "s", "h", 1))).isEmpty();
    }

    @Test
    void diff_secretFields_reportedChangedNeverShown() {
        List<String> d = ConfigLog.diff(new Account("a", "old-pass", "old-secret", "$argon2$old", 1),
                new Account("a", "new-pass", "new-secret", "$argon2$new", 1));
        assertThat(d).containsExactly("password changed", "secret changed", "passwordHash changed");
        assertThat(String.join(" ", d)).doesNotContain("old-", "new-", "argon2");
    }

    @Test
    void diff_userCredentials_hidden() {
        Credentials before = new Credentials("$argon2id$before", "scram-before", "sealed-before", Instant.EPOCH);
        Credentials after = new Credentials("$argon2id$after", "scram-after", "sealed-after", Instant.EPOCH.plusSeconds(1));
        List<String> d = ConfigLog.diff(user(before, null, "S"), user(after, null, "S"));
        assertThat(d).containsExactly("credentials changed");
    }

    @Test
    void diff_secretInsideNestedRecord_hidden() {
        User.Phone before = new User.Phone(List.of("101"), "pin-hash-before");
        User.Phone after = new User.Phone(List.of("101", "102"), "pin-hash-after");
        List<String> d = ConfigLog.diff(user(null, before, "S"), user(null, after, "S"));
        assertThat(String.join(" ", d)).doesNotContain("pin-hash");
        assertThat(d).containsExactly("phone.extensions: [101] -> [101, 102]", "phone.voicemailPinHash changed");
    }

    @Test
    void diff_nestedRecordAppearsOrGoes_secretsNotShown() {
        List<String> d = ConfigLog.diff(new Outer("x", null), new Outer("x", new Inner("pin-hash", 3)));
        assertThat(String.join(" ", d)).doesNotContain("pin-hash");
        assertThat(d).containsExactly("inner changed");
    }

    @Test
    void diff_nestedRecordWithoutSecrets_shownFieldByField() {
        assertThat(ConfigLog.diff(new Outer("x", new Inner(null, 1)), new Outer("y", new Inner(null, 2))))
                .containsExactly("label: x -> y", "inner.size: 1 -> 2");
    }

    @Test
    void changed_differences_oneConfigLineJoinedBySemicolon() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            ConfigLog.changed(ADMIN, "thing t", new Account("a", "p", "s", "h", 1), new Account("b", "q", "s", "h", 2));
            ConfigLog.changed(ADMIN, "thing t", new Account("a", "p", "s", "h", 1), new Account("a", "p", "s", "h", 1));
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): thing t changed: name: a -> b; password changed; limit: 1 -> 2");
        }
    }

    @Test
    void createdRemovedAction_anyActor_whoFromWhatLine() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            ConfigLog.created(ADMIN, "user x");
            ConfigLog.removed(Actor.SERVER, "user x");
            ConfigLog.action(new Actor("root", "cli"), "unlocked everything");
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): user x created", "server (localhost): user x removed",
                    "root (cli): unlocked everything");
        }
    }
}
