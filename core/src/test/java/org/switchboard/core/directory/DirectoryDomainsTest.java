package org.switchboard.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.core.directory.DirectoryFixture.ADMIN;
import static org.switchboard.core.error.ProblemAssertions.assertProblem;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.core.LogCapture;
import org.switchboard.core.auth.PasswordPolicy;
import org.switchboard.core.error.Problem;

class DirectoryDomainsTest {
    private final DirectoryFixture f = new DirectoryFixture();
    private final Directory dir = f.dir;

    private static DomainChange aliases(String... names) { return new DomainChange(null, null, null, null, List.of(names)); }

    @Test
    void addDomain_first_isPrimary() {
        Domain d = dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertThat(d.primary()).isTrue();
        assertThat(dir.primaryDomain()).contains(d);
    }

    @Test
    void addDomain_second_notPrimary() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        Domain second = dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        assertThat(second.primary()).isFalse();
        assertThat(dir.primaryDomain()).map(Domain::name).contains("holmes.com");
    }

    @Test
    void addDomain_defaults_appliedAndValidated() {
        Domain d = dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertThat(d.description()).isEmpty();
        assertThat(d.aliases()).isEmpty();
        assertThat(d.maxConcurrentUsers()).isZero();
        assertThat(d.passwordPolicy()).isEqualTo(PasswordPolicy.defaults());
        assertThat(d.defaultQuota()).isEqualTo(Quota.UNLIMITED);
    }

    @Test
    void addDomain_negativeUserLimit_invalidAndNothingSaved() {
        assertProblem(() -> dir.addDomain(ADMIN, new NewDomain("holmes.com", null, -1, null, null)),
                Problem.Kind.INVALID, "maxConcurrentUsers");
        assertThat(dir.domains()).isEmpty();
        assertThat(f.store.snapshot()).isEmpty();
    }

    @Test
    void addDomain_passwordMinLengthZero_invalid() {
        // The policy record itself refuses a zero minimum; the API reports it as a 400 on the body.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PasswordPolicy(false, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addDomain_sameNameOtherCase_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertProblem(() -> dir.addDomain(ADMIN, NewDomain.named("HOLMES.Com")), Problem.Kind.CONFLICT, "already exists");
    }

    @Test
    void addDomain_nameOfADomainAlias_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.org"));
        assertProblem(() -> dir.addDomain(ADMIN, NewDomain.named("holmes.org")), Problem.Kind.CONFLICT, "holmes.org");
    }

    @Test
    void addDomain_invalidName_invalid() {
        assertProblem(() -> dir.addDomain(ADMIN, NewDomain.named("holmes")), Problem.Kind.INVALID, "expected something like example.com");
    }

    @Test
    void addDomain_written_configLogNamesActorAndPrimary() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): domain holmes.com (primary) created");
        }
    }

    @Test
    void lookups_anyCase_findDomain() {
        dir.addDomain(ADMIN, NewDomain.named("Holmes.COM"));
        assertThat(dir.domain("HOLMES.com")).map(Domain::name).contains("holmes.com");
        assertThat(dir.requireDomain("holmes.COM").name()).isEqualTo("holmes.com");
        assertThat(dir.canonicalDomain("HOLMES.COM")).contains("holmes.com");
    }

    @Test
    void lookups_idnDomainByUnicodeName_found() {
        dir.addDomain(ADMIN, NewDomain.named("bücher.de"));
        assertThat(dir.domain("Bücher.de")).map(Domain::name).contains("xn--bcher-kva.de");
        assertThat(dir.updateDomain(ADMIN, "bücher.de", new DomainChange("books", null, null, null, null)).description())
                .isEqualTo("books");
        dir.addUser(ADMIN, NewUser.of("anna@bücher.de", null, "Anna"));
        assertThat(dir.user("anna@xn--bcher-kva.de")).isPresent();
        assertThat(dir.checkAddress("anna@BÜCHER.de").deliverable()).isTrue();
    }

    @Test
    void requireDomain_unknown_notFound() {
        assertProblem(() -> dir.requireDomain("nowhere.com"), Problem.Kind.NOT_FOUND, "domain nowhere.com does not exist");
    }

    @Test
    void setPrimary_otherDomain_exactlyOnePrimary() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addDomain(ADMIN, NewDomain.named("hudson.net"));

        Domain p = dir.setPrimary(ADMIN, "Watson.ORG");

        assertThat(p.primary()).isTrue();
        assertThat(dir.domains()).filteredOn(Domain::primary).extracting(Domain::name).containsExactly("watson.org");
        assertThat(f.reopen().domains()).filteredOn(Domain::primary).extracting(Domain::name).containsExactly("watson.org");
    }

    @Test
    void setPrimary_unknown_notFoundAndPrimaryKept() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertProblem(() -> dir.setPrimary(ADMIN, "nowhere.com"), Problem.Kind.NOT_FOUND, "nowhere.com");
        assertThat(dir.primaryDomain()).map(Domain::name).contains("holmes.com");
    }

    @Test
    void setPrimary_otherDomain_itsUsersLogInWithBareName() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addUser(ADMIN, NewUser.of("john@watson.org", null, null));
        assertThat(dir.userForLogin("john")).isEmpty();

        dir.setPrimary(ADMIN, "watson.org");

        assertThat(dir.userForLogin("john")).map(User::address).contains("john@watson.org");
    }

    @Test
    void updateDomain_nullFields_keptAsTheyWere() {
        dir.addDomain(ADMIN, new NewDomain("holmes.com", "Detectives", 25, new PasswordPolicy(true, 10, 90), new Quota(1000, 10, 80)));
        Domain after = dir.updateDomain(ADMIN, "holmes.com", new DomainChange(null, null, null, null, null));
        assertThat(after.description()).isEqualTo("Detectives");
        assertThat(after.maxConcurrentUsers()).isEqualTo(25);
        assertThat(after.passwordPolicy().minLength()).isEqualTo(10);
        assertThat(after.defaultQuota()).isEqualTo(new Quota(1000, 10, 80));
    }

    @Test
    void updateDomain_changedField_configLogShowsOldAndNew() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.updateDomain(ADMIN, "holmes.com", new DomainChange("Detectives", 25, null, null, null));
            assertThat(log.lines()).singleElement().asString()
                    .contains("domain holmes.com changed", "description: '' -> Detectives", "maxConcurrentUsers: 0 -> 25");
        }
    }

    @Test
    void domainAliases_added_normalizedDeduplicatedAndDeliver() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        Domain d = dir.updateDomain(ADMIN, "holmes.com", aliases("Holmes.ORG", "holmes.org", "sherlock.net"));
        assertThat(d.aliases()).containsExactly("holmes.org", "sherlock.net");
        assertThat(dir.canonicalDomain("HOLMES.org")).contains("holmes.com");
        assertThat(dir.canonicalDomain("sherlock.net")).contains("holmes.com");
    }

    @Test
    void domainAliases_ownName_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertProblem(() -> dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.com")), Problem.Kind.CONFLICT, "is a domain");
    }

    @Test
    void domainAliases_otherDomainsName_conflictAndNothingChanged() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        Map<String, String> before = f.store.snapshot();
        assertProblem(() -> dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.org", "WATSON.org")), Problem.Kind.CONFLICT, "watson.org is a domain");
        assertThat(dir.requireDomain("holmes.com").aliases()).isEmpty();
        assertThat(f.store.snapshot()).isEqualTo(before);
    }

    @Test
    void domainAliases_aliasOfAnotherDomain_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.updateDomain(ADMIN, "watson.org", aliases("doctor.org"));
        assertProblem(() -> dir.updateDomain(ADMIN, "holmes.com", aliases("doctor.org")), Problem.Kind.CONFLICT, "already an alias of watson.org");
    }

    @Test
    void domainAliases_reSavingOwnAliases_accepted() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.org"));
        assertThat(dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.org", "holmes.net")).aliases())
                .containsExactly("holmes.org", "holmes.net");
    }

    @Test
    void domainAliases_invalidName_invalid() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertProblem(() -> dir.updateDomain(ADMIN, "holmes.com", aliases("bad..name")), Problem.Kind.INVALID, "aliases");
    }

    @Test
    void renameDomain_guideTable1_oldNameBecomesFirstAlias() {
        dir.addDomain(ADMIN, NewDomain.named("old-domain.com"));
        dir.updateDomain(ADMIN, "old-domain.com", aliases("alias.com"));

        Domain after = dir.renameDomain(ADMIN, "old-domain.com", "new-domain.com");

        assertThat(after.name()).isEqualTo("new-domain.com");
        assertThat(after.aliases()).containsExactly("old-domain.com", "alias.com");
        assertThat(after.primary()).isTrue();
        assertThat(dir.domain("old-domain.com")).isEmpty();
        assertThat(dir.canonicalDomain("old-domain.com")).contains("new-domain.com");
    }

    @Test
    void renameDomain_withAccounts_usersGroupsAliasesMoved() {
        DirectoryFixture h = DirectoryFixture.holmes();
        Directory d = h.dir;
        d.addGroup(ADMIN, new NewGroup("detectives", null, List.of("team"), List.of("sherlock"), null));
        d.addAlias(ADMIN, new NewAlias("genius", "sherlock", null));

        d.renameDomain(ADMIN, "holmes.com", "holmes.co.uk");

        assertThat(d.users(null)).extracting(User::address).containsExactly("sherlock@holmes.co.uk", "watson@holmes.co.uk");
        assertThat(d.groups(null)).extracting(Group::address).containsExactly("detectives@holmes.co.uk");
        assertThat(d.aliases(null)).extracting(Alias::domain).containsExactly("holmes.co.uk");
        assertThat(d.userForLogin("sherlock")).map(User::address).contains("sherlock@holmes.co.uk");
        assertThat(d.userForLogin("sherlock@holmes.com")).as("old name is an alias now: no login").isEmpty();
        assertThat(d.checkAddress("genius@holmes.com").targets())
                .containsExactly(new Resolution.Mailbox(d.requireUser("sherlock").id(), "sherlock@holmes.co.uk", true));
        assertThat(d.checkAddress("team@holmes.com").deliverable()).isTrue();
        Directory reread = h.reopen();
        assertThat(reread.users(null)).isEqualTo(d.users(null));
        assertThat(reread.groups(null)).isEqualTo(d.groups(null));
        assertThat(reread.aliases(null)).isEqualTo(d.aliases(null));
        assertThat(reread.domains()).isEqualTo(d.domains());
    }

    @Test
    void renameDomain_ontoExistingDomain_conflictAndNothingChanged() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        Map<String, String> before = f.store.snapshot();
        assertProblem(() -> dir.renameDomain(ADMIN, "holmes.com", "WATSON.org"), Problem.Kind.CONFLICT, "already exists");
        assertThat(f.store.snapshot()).isEqualTo(before);
        assertThat(dir.domain("holmes.com")).isPresent();
    }

    @Test
    void renameDomain_ontoAnotherDomainsAlias_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.updateDomain(ADMIN, "watson.org", aliases("doctor.org"));
        assertProblem(() -> dir.renameDomain(ADMIN, "holmes.com", "doctor.org"), Problem.Kind.CONFLICT, "alias of watson.org");
    }

    @Test
    void renameDomain_ontoOwnAlias_aliasBecomesTheName() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.org", "holmes.net"));
        Domain after = dir.renameDomain(ADMIN, "holmes.com", "holmes.org");
        assertThat(after.aliases()).containsExactly("holmes.com", "holmes.net");
    }

    @Test
    void renameDomain_sameName_invalid() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertProblem(() -> dir.renameDomain(ADMIN, "holmes.com", "Holmes.com"), Problem.Kind.INVALID, "current name");
    }

    @Test
    void removeDomain_primary_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        assertProblem(() -> dir.removeDomain(ADMIN, "holmes.com"), Problem.Kind.CONFLICT, "primary");
        assertThat(dir.domains()).hasSize(1);
    }

    @Test
    void removeDomain_withUser_conflictNamingCounts() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addUser(ADMIN, NewUser.of("john@watson.org", null, null));
        assertProblem(() -> dir.removeDomain(ADMIN, "watson.org"), Problem.Kind.CONFLICT, "1 user(s), 0 group(s) and 0 alias(es)");
    }

    @Test
    void removeDomain_withAliasOnly_conflict() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addAlias(ADMIN, new NewAlias("doc@watson.org", "sherlock@holmes.com", null));
        assertProblem(() -> dir.removeDomain(ADMIN, "watson.org"), Problem.Kind.CONFLICT, "1 alias(es)");
    }

    @Test
    void removeDomain_emptySecondary_removedAndPersisted() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.removeDomain(ADMIN, "Watson.org");
        assertThat(dir.domains()).extracting(Domain::name).containsExactly("holmes.com");
        assertThat(f.reopen().domains()).extracting(Domain::name).containsExactly("holmes.com");
    }

    @Test
    void removeDomain_unknown_notFound() {
        assertProblem(() -> dir.removeDomain(ADMIN, "nowhere.com"), Problem.Kind.NOT_FOUND, "nowhere.com");
    }

    @Test
    void storeFailure_change_nothingPublished() {
        dir.addDomain(ADMIN, NewDomain.named("holmes.com"));
        f.store.failNextWrite();
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            assertThatThrownBy(() -> dir.addDomain(ADMIN, NewDomain.named("watson.org"))).isInstanceOf(IllegalStateException.class);
            assertThat(log.lines()).isEmpty();
        }
        assertThat(dir.domains()).extracting(Domain::name).containsExactly("holmes.com");
        assertThat(dir.addDomain(ADMIN, NewDomain.named("watson.org")).primary()).isFalse();
    }

    @Test
    void persistence_everything_secondDirectoryOverSameStoreSeesSame() {
        dir.addDomain(ADMIN, new NewDomain("holmes.com", "Detectives", 5, new PasswordPolicy(true, 9, 30), new Quota(1 << 20, 100, 75)));
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.updateDomain(ADMIN, "holmes.com", aliases("holmes.org"));
        dir.addUser(ADMIN, new NewUser("sherlock", "Baker-Street1", "Sherlock Holmes", "consulting", List.of("sh", "holmes"),
                null, AdminRole.DOMAIN_READ_WRITE, null, null, null));
        dir.addUser(ADMIN, NewUser.of("john@watson.org", null, "John"));
        dir.updateUser(ADMIN, "john@watson.org", UserChange.enabled(false));
        dir.addGroup(ADMIN, new NewGroup("staff", "all", List.of("all"), List.of("sherlock"), AdminRole.SERVER_READ_ONLY));
        dir.addAlias(ADMIN, new NewAlias("*", "sherlock", "catch-all"));
        dir.addAlias(ADMIN, new NewAlias("info", "#public/Info", null));

        Directory reread = f.reopen();

        assertThat(reread.domains()).isEqualTo(dir.domains());
        assertThat(reread.users(null)).isEqualTo(dir.users(null));
        assertThat(reread.groups(null)).isEqualTo(dir.groups(null));
        assertThat(reread.aliases(null)).isEqualTo(dir.aliases(null));
        assertThat(reread.primaryDomain()).map(Domain::name).contains("holmes.com");
        assertThat(reread.checkAddress("nobody@holmes.org")).isEqualTo(dir.checkAddress("nobody@holmes.org"));
        assertThat(reread.requireUser("sherlock").credentials().passwordHash()).isEqualTo("test-hash:13");
    }
}
