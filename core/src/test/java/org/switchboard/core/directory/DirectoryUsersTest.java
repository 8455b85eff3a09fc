package org.switchboard.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.core.directory.DirectoryFixture.ADMIN;
import static org.switchboard.core.error.ProblemAssertions.assertProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.switchboard.core.LogCapture;
import org.switchboard.core.auth.PasswordPolicy;
import org.switchboard.core.error.Problem;

class DirectoryUsersTest {
    private final DirectoryFixture f = DirectoryFixture.holmes();
    private final Directory dir = f.dir;

    private static NewUser withAddresses(String address, String... extra) {
        return new NewUser(address, null, null, null, List.of(extra), null, null, null, null, null);
    }

    @Test
    void addUser_bareName_primaryDomain() {
        User u = dir.requireUser("sherlock");
        assertThat(u.address()).isEqualTo("sherlock@holmes.com");
        assertThat(u.fullName()).isEqualTo("Sherlock Holmes");
    }

    @Test
    void addUser_defaults_enabledNoRoleDefaultPolicyCreatedNow() {
        User u = dir.requireUser("sherlock");
        assertThat(u.enabled()).isTrue();
        assertThat(u.role()).isEqualTo(AdminRole.NONE);
        assertThat(u.accessPolicy()).isEqualTo(AccessPolicyNames.DEFAULT);
        assertThat(u.quota()).isEqualTo(Quota.UNLIMITED);
        assertThat(u.created()).isEqualTo(f.clock.instant());
        assertThat(u.credentials().passwordHash()).isEqualTo("test-hash:17");
    }

    @Test
    void addUser_domainDefaultQuota_inherited() {
        dir.addDomain(ADMIN, new NewDomain("watson.org", null, null, null, new Quota(5000, 0, 80)));
        assertThat(dir.addUser(ADMIN, NewUser.of("john@watson.org", null, null)).quota()).isEqualTo(new Quota(5000, 0, 80));
    }

    @Test
    void addUser_mixedCaseAddress_lowerCased() {
        User u = dir.addUser(ADMIN, NewUser.of("Mycroft@HOLMES.com", null, "  Mycroft Holmes "));
        assertThat(u.address()).isEqualTo("mycroft@holmes.com");
        assertThat(u.fullName()).isEqualTo("Mycroft Holmes");
        assertThat(dir.user("MYCROFT")).contains(u);
    }

    @Test
    void addUser_noPassword_noCredentials() {
        assertThat(dir.addUser(ADMIN, NewUser.of("mycroft", null, null)).credentials().hasPassword()).isFalse();
        assertThat(dir.addUser(ADMIN, NewUser.of("hudson", "", null)).credentials().hasPassword()).isFalse();
    }

    @Test
    void addUser_noDomainYet_conflict() {
        Directory empty = new DirectoryFixture().dir;
        assertProblem(() -> empty.addUser(ADMIN, NewUser.of("john", null, null)), Problem.Kind.CONFLICT, "no domain exists yet");
    }

    @Test
    void addUser_unknownDomain_notFound() {
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("john@nowhere.com", null, null)), Problem.Kind.NOT_FOUND, "nowhere.com");
    }

    @Test
    void addUser_inDomainAlias_invalidPointingToTheDomain() {
        dir.updateDomain(ADMIN, "holmes.com", new DomainChange(null, null, null, null, List.of("holmes.org")));
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("john@holmes.org", null, null)), Problem.Kind.INVALID,
                "holmes.org is an alias of holmes.com; use the domain itself");
    }

    @Test
    void addUser_invalidName_invalid() {
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("john smith", null, null)), Problem.Kind.INVALID, "may contain only");
    }

    @Test
    void addUser_existingNameOtherCase_conflict() {
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("SHERLOCK", null, null)), Problem.Kind.CONFLICT, "sherlock@holmes.com already exists");
    }

    @Test
    void addUser_sameNameInOtherDomain_allowed() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        assertThat(dir.addUser(ADMIN, NewUser.of("sherlock@watson.org", null, null)).address()).isEqualTo("sherlock@watson.org");
    }

    @Test
    void addUser_nameIsAnotherUsersAddress_conflict() {
        dir.updateUser(ADMIN, "sherlock", new UserChange(null, null, List.of("holmes"), null, null, null, null, null));
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("holmes", null, null)), Problem.Kind.CONFLICT, "already exists");
    }

    @Test
    void addUser_addressIsAnotherUsersName_conflictAndNothingSaved() {
        Map<String, String> before = f.store.snapshot();
        assertProblem(() -> dir.addUser(ADMIN, withAddresses("mycroft", "Watson")), Problem.Kind.CONFLICT,
                "address watson@holmes.com already belongs to user watson@holmes.com");
        assertThat(dir.user("mycroft")).isEmpty();
        assertThat(f.store.snapshot()).isEqualTo(before);
    }

    @Test
    void addUser_addressIsAnotherUsersAddress_conflict() {
        dir.addUser(ADMIN, withAddresses("mycroft", "brother"));
        assertProblem(() -> dir.addUser(ADMIN, withAddresses("hudson", "brother")), Problem.Kind.CONFLICT, "already belongs to user mycroft@holmes.com");
    }

    @Test
    void addUser_addresses_normalizedWithoutOwnNameOrDuplicates() {
        User u = dir.addUser(ADMIN, withAddresses("mycroft", "M.Holmes", "m.holmes@holmes.com", "mycroft", " "));
        assertThat(u.addresses()).containsExactly("m.holmes");
        assertThat(dir.checkAddress("m.holmes@holmes.com").targets()).containsExactly(new Resolution.Mailbox(u.id(), u.address(), true));
    }

    @Test
    void addUser_addressInOtherDomain_invalid() {
        assertProblem(() -> dir.addUser(ADMIN, withAddresses("mycroft", "mycroft@gmail.com")), Problem.Kind.INVALID, "not in the domain holmes.com");
    }

    @Test
    void addUser_passwordShorterThanPolicy_invalidAndNoUser() {
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("mycroft", "short", null)), Problem.Kind.INVALID, "at least 8 characters");
        assertThat(dir.user("mycroft")).isEmpty();
    }

    @Test
    void addUser_domainPolicyMinLength12_enforced() {
        dir.addDomain(ADMIN, new NewDomain("watson.org", null, null, new PasswordPolicy(false, 12, 0), null));
        assertProblem(() -> dir.addUser(ADMIN, NewUser.of("john@watson.org", "elevenchars", null)), Problem.Kind.INVALID, "12");
        assertThat(dir.addUser(ADMIN, NewUser.of("john@watson.org", "twelve-chars", null)).credentials().hasPassword()).isTrue();
    }

    @Test
    void addUser_passwordProblem_fieldErrorOnPassword() {
        assertThatThrownBy(() -> dir.addUser(ADMIN, NewUser.of("mycroft", "short", null)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.errors()).extracting(Problem.FieldError::field).containsOnly("password"));
    }

    @Test
    void addUser_configLog_neverShowsThePassword() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.addUser(ADMIN, NewUser.of("mycroft", "Diogenes-Club1", "Mycroft Holmes"));
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): user mycroft@holmes.com (Mycroft Holmes) created");
        }
    }

    @Test
    void setPassword_tooShort_invalidAndOldCredentialsKept() {
        User before = dir.requireUser("sherlock");
        assertProblem(() -> dir.setPassword(ADMIN, "sherlock", "1234567"), Problem.Kind.INVALID, "password");
        assertThat(dir.requireUser("sherlock").credentials()).isEqualTo(before.credentials());
    }

    @Test
    void setPassword_valid_newCredentialsAndReminderReset() {
        dir.markPasswordReminder(dir.requireUser("sherlock").id(), f.clock.instant());
        assertThat(dir.requireUser("sherlock").lastPasswordReminder()).isNotNull();
        User after = dir.setPassword(ADMIN, "sherlock@holmes.com", "A-much-longer-secret1");
        assertThat(after.credentials().passwordHash()).isEqualTo("test-hash:21");
        assertThat(after.lastPasswordReminder()).isNull();
        assertThat(f.reopen().requireUser("sherlock").credentials()).isEqualTo(after.credentials());
    }

    @Test
    void setPassword_configLog_saysChangedWithoutValue() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.setPassword(ADMIN, "sherlock", "A-much-longer-secret1");
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): password of user sherlock@holmes.com changed");
        }
    }

    @Test
    void userForLogin_bareName_primaryDomainOnly() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addUser(ADMIN, NewUser.of("john@watson.org", null, null));
        assertThat(dir.userForLogin("Sherlock")).map(User::address).contains("sherlock@holmes.com");
        assertThat(dir.userForLogin(" sherlock ")).map(User::address).contains("sherlock@holmes.com");
        assertThat(dir.userForLogin("john")).isEmpty();
    }

    @Test
    void userForLogin_otherDomain_needsFullAddress() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addUser(ADMIN, NewUser.of("john@watson.org", null, null));
        assertThat(dir.userForLogin("John@Watson.ORG")).map(User::address).contains("john@watson.org");
        assertThat(dir.userForLogin("sherlock@holmes.com")).map(User::address).contains("sherlock@holmes.com");
    }

    @Test
    void userForLogin_domainAlias_neverLogsIn() {
        dir.updateDomain(ADMIN, "holmes.com", new DomainChange(null, null, null, null, List.of("holmes.org")));
        assertThat(dir.userForLogin("sherlock@holmes.org")).isEmpty();
        assertThat(dir.checkAddress("sherlock@holmes.org").deliverable()).as("still delivered").isTrue();
    }

    @Test
    void userForLogin_extraAddress_doesNotLogIn() {
        dir.updateUser(ADMIN, "sherlock", new UserChange(null, null, List.of("holmes"), null, null, null, null, null));
        assertThat(dir.userForLogin("holmes")).isEmpty();
    }

    @Test
    void userForLogin_unknownOrNoPrimary_empty() {
        assertThat(dir.userForLogin("moriarty")).isEmpty();
        assertThat(new DirectoryFixture().dir.userForLogin("sherlock")).isEmpty();
    }

    @Test
    void updateUser_disable_keptAndStillResolvedAsDisabledMailbox() {
        User u = dir.updateUser(ADMIN, "watson", UserChange.enabled(false));
        assertThat(u.enabled()).isFalse();
        assertThat(f.reopen().requireUser("watson").enabled()).isFalse();
        assertThat(dir.checkAddress("watson").targets()).containsExactly(new Resolution.Mailbox(u.id(), "watson@holmes.com", false));
        assertThat(dir.checkAddress("watson").steps()).anyMatch(s -> s.contains("(account disabled)"));
    }

    @Test
    void updateUser_enableAgain_enabled() {
        dir.updateUser(ADMIN, "watson", UserChange.enabled(false));
        assertThat(dir.updateUser(ADMIN, "watson", UserChange.enabled(true)).enabled()).isTrue();
        assertThat(f.reopen().requireUser("watson").enabled()).isTrue();
    }

    @Test
    void updateUser_disable_configLogShowsOldAndNew() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.updateUser(ADMIN, "watson", UserChange.enabled(false));
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): user watson@holmes.com changed: enabled: true -> false");
        }
    }

    @Test
    void updateUser_unchanged_noStoreWriteAndNoLog() {
        int writes = f.store.writeCount();
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.updateUser(ADMIN, "watson", UserChange.enabled(true));
            assertThat(log.lines()).isEmpty();
        }
        assertThat(f.store.writeCount()).isEqualTo(writes);
    }

    @Test
    void updateUser_addressOfOtherUser_conflict() {
        assertProblem(() -> dir.updateUser(ADMIN, "watson", new UserChange(null, null, List.of("sherlock"), null, null, null, null, null)),
                Problem.Kind.CONFLICT, "already belongs to user sherlock@holmes.com");
    }

    @Test
    void updateUser_keepOwnAddresses_accepted() {
        dir.updateUser(ADMIN, "watson", new UserChange(null, null, List.of("doctor"), null, null, null, null, null));
        User u = dir.updateUser(ADMIN, "watson", new UserChange(null, null, List.of("doctor", "john"), null, null, null, null, null));
        assertThat(u.addresses()).containsExactly("doctor", "john");
    }

    @Test
    void updateUser_blankAccessPolicy_invalid() {
        assertProblem(() -> dir.updateUser(ADMIN, "watson", new UserChange(null, null, null, null, null, " ", null, null)),
                Problem.Kind.INVALID, "accessPolicy");
    }

    @Test
    void updateUser_unknownGroup_invalid() {
        assertProblem(() -> dir.updateUser(ADMIN, "watson", new UserChange(null, null, null, null, null, null, null, List.of("nosuch"))),
                Problem.Kind.INVALID, "no group nosuch@holmes.com");
    }

    @Test
    void updateUser_groups_setsMembershipExactly() {
        dir.addGroup(ADMIN, new NewGroup("doctors", null, null, null, null));
        dir.addGroup(ADMIN, new NewGroup("veterans", null, null, List.of("watson"), null));
        User w = dir.updateUser(ADMIN, "watson", new UserChange(null, null, null, null, null, null, null, List.of("Doctors")));
        assertThat(dir.groupsOf(w)).extracting(Group::name).containsExactly("doctors");
    }

    @Test
    void removeUser_member_droppedFromGroupsAndLoggedAsWarning() {
        dir.addGroup(ADMIN, new NewGroup("team", null, List.of("team"), List.of("sherlock", "watson"), null));
        try (LogCapture warning = LogCapture.of("switchboard.warning")) {
            dir.removeUser(ADMIN, "watson");
            assertThat(warning.lines()).containsExactly("User watson@holmes.com removed by admin (192.0.2.10)");
        }
        assertThat(dir.user("watson")).isEmpty();
        Group team = dir.requireGroup("team");
        assertThat(team.members()).containsExactly(dir.requireUser("sherlock").id());
        assertThat(f.reopen().requireGroup("team").members()).isEqualTo(team.members());
    }

    @Test
    void removeUser_unknown_notFound() {
        assertProblem(() -> dir.removeUser(ADMIN, "moriarty"), Problem.Kind.NOT_FOUND, "user moriarty");
    }

    @Test
    void removeUser_nameIsFreeAgain_canBeReused() {
        String oldId = dir.requireUser("watson").id();
        dir.removeUser(ADMIN, "watson");
        User again = dir.addUser(ADMIN, NewUser.of("watson", null, null));
        assertThat(again.id()).isNotEqualTo(oldId);
    }

    @Test
    void users_byDomainOrAll_filteredAndSorted() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addUser(ADMIN, NewUser.of("adam@watson.org", null, null));
        assertThat(dir.users("holmes.com")).extracting(User::name).containsExactly("sherlock", "watson");
        assertThat(dir.users(null)).extracting(User::address).containsExactly("sherlock@holmes.com", "watson@holmes.com", "adam@watson.org");
    }

    @Test
    void addUser_concurrentWriters_everyUserSavedAndNameClaimedOnce() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String name = "user" + (i % 50);   // every name is tried twice
                results.add(pool.submit(() -> {
                    try {
                        dir.addUser(ADMIN, NewUser.of(name, null, null));
                        return true;
                    } catch (Problem p) {
                        return false;
                    }
                }));
            }
        }
        long created = 0;
        for (Future<Boolean> r : results) if (r.get()) created++;
        assertThat(created).isEqualTo(50);
        assertThat(dir.users("holmes.com")).hasSize(52);
        assertThat(f.reopen().users("holmes.com")).isEqualTo(dir.users("holmes.com"));
    }
}
