package org.switchboard.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.core.directory.DirectoryFixture.ADMIN;
import static org.switchboard.core.error.ProblemAssertions.assertProblem;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.core.LogCapture;
import org.switchboard.core.error.Problem;

/** Aliases and the "Check Address" resolver, with the guide's §22 examples as the cases. */
class CheckAddressTest {
    private final DirectoryFixture f = DirectoryFixture.holmes();
    private final Directory dir = f.dir;

    private Alias alias(String pattern, String target) { return dir.addAlias(ADMIN, new NewAlias(pattern, target, null)); }

    private Resolution.Mailbox mailbox(String user) {
        User u = dir.requireUser(user);
        return new Resolution.Mailbox(u.id(), u.address(), u.enabled());
    }

    @Test
    void checkAddress_userAddress_ownMailbox() {
        Resolution r = dir.checkAddress("sherlock@holmes.com");
        assertThat(r.targets()).containsExactly(mailbox("sherlock"));
        assertThat(r.deliverable()).isTrue();
        assertThat(r.loop()).isFalse();
        assertThat(r.steps()).containsExactly("sherlock@holmes.com: user sherlock@holmes.com -> mailbox");
    }

    @Test
    void checkAddress_bareName_primaryDomainUsedAndExplained() {
        Resolution r = dir.checkAddress("Sherlock");
        assertThat(r.targets()).containsExactly(mailbox("sherlock"));
        assertThat(r.steps()).first().isEqualTo("sherlock: no domain given, using the primary domain holmes.com");
    }

    @Test
    void checkAddress_unknownWithoutCatchAll_notDeliverable() {
        Resolution r = dir.checkAddress("moriarty@holmes.com");
        assertThat(r.targets()).containsExactly(new Resolution.Unknown("moriarty@holmes.com"));
        assertThat(r.deliverable()).isFalse();
        assertThat(r.steps()).containsExactly("moriarty@holmes.com: no such user, group or alias -> refused as unknown recipient");
    }

    @Test
    void checkAddress_foreignDomain_external() {
        Resolution r = dir.checkAddress("someone@gmail.com");
        assertThat(r.targets()).containsExactly(new Resolution.External("someone@gmail.com"));
        assertThat(r.steps()).singleElement().asString().contains("gmail.com is not a local domain");
    }

    @Test
    void checkAddress_blank_invalid() {
        assertProblem(() -> dir.checkAddress(" "), Problem.Kind.INVALID, "an address is required");
    }

    @Test
    void guideGenius_aliasToFullAddress_sherlocksMailbox() {
        Alias a = alias("genius", "sherlock@holmes.com");
        assertThat(a.pattern()).isEqualTo("genius");
        assertThat(a.domain()).isEqualTo("holmes.com");

        Resolution r = dir.checkAddress("genius@holmes.com");

        assertThat(r.targets()).containsExactly(mailbox("sherlock"));
        assertThat(r.steps()).containsExactly(
                "genius@holmes.com: alias genius@holmes.com -> sherlock@holmes.com",
                "  sherlock@holmes.com: user sherlock@holmes.com -> mailbox");
    }

    @Test
    void guideInfo_aliasToPublicFolder_deliveredToFolder() {
        alias("Info", "#public/Info");
        Resolution r = dir.checkAddress("info@holmes.com");
        assertThat(r.targets()).containsExactly(new Resolution.PublicFolder("#public/Info"));
        assertThat(r.deliverable()).isTrue();
        assertThat(r.steps()).contains("  public folder #public/Info");
    }

    @Test
    void publicFolderTarget_withoutName_invalid() {
        assertProblem(() -> alias("info", "#public/"), Problem.Kind.INVALID, "name the public folder");
    }

    @Test
    void guideCatchAll_unknownAndKnownAddresses_unknownToWatsonKnownToThemselves() {
        alias("*", "watson");

        Resolution unknown = dir.checkAddress("nobody@holmes.com");
        assertThat(unknown.targets()).containsExactly(mailbox("watson"));
        assertThat(unknown.steps()).first().isEqualTo("nobody@holmes.com: catch-all alias *@holmes.com -> watson");
        assertThat(dir.checkAddress("sherlock@holmes.com").targets()).containsExactly(mailbox("sherlock"));
        assertThat(dir.checkAddress("watson@holmes.com").targets()).containsExactly(mailbox("watson"));
    }

    @Test
    void catchAll_otherDomain_notApplied() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        alias("*", "watson");
        assertThat(dir.checkAddress("nobody@watson.org").deliverable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kill", "will", "Bill"})
    void guideQuestionMark_exactlyOneCharacter_matches(String local) {
        alias("?ill", "sherlock");
        assertThat(dir.checkAddress(local + "@holmes.com").targets()).containsExactly(mailbox("sherlock"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ill", "still", "kills"})
    void guideQuestionMark_otherLength_unknown(String local) {
        alias("?ill", "sherlock");
        assertThat(dir.checkAddress(local + "@holmes.com").targets()).containsExactly(new Resolution.Unknown(local + "@holmes.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scherlock", "serlock", "erlock", "shhherlock"})
    void guideStar_anyRunIncludingEmpty_matches(String local) {
        alias("*erlock", "sherlock");
        assertThat(dir.checkAddress(local + "@holmes.com").targets()).containsExactly(mailbox("sherlock"));
    }

    @Test
    void guideStar_realUser_stillHisOwnMailboxOnce() {
        alias("*erlock", "sherlock");
        Resolution r = dir.checkAddress("sherlock@holmes.com");
        assertThat(r.targets()).containsExactly(mailbox("sherlock"));
        assertThat(r.steps()).noneMatch(s -> s.contains("*erlock"));
    }

    @Test
    void guideStar_nonMatching_unknown() {
        alias("*erlock", "sherlock");
        assertThat(dir.checkAddress("sherlocks@holmes.com").deliverable()).isFalse();
    }

    @Test
    void precedence_exactWildcardCatchAll_exactBeatsWildcardBeatsCatchAll() {
        dir.addUser(ADMIN, NewUser.of("mycroft", null, null));
        alias("*", "watson");
        alias("*erlock", "sherlock");
        alias("serlock", "mycroft");

        assertThat(dir.checkAddress("serlock@holmes.com").targets()).as("exact").containsExactly(mailbox("mycroft"));
        assertThat(dir.checkAddress("scherlock@holmes.com").targets()).as("wildcard").containsExactly(mailbox("sherlock"));
        assertThat(dir.checkAddress("lestrade@holmes.com").targets()).as("catch-all").containsExactly(mailbox("watson"));
    }

    @Test
    void precedence_severalWildcards_mostLiteralCharactersWins() {
        dir.addUser(ADMIN, NewUser.of("mycroft", null, null));
        alias("s*", "watson");
        alias("sh*lock", "mycroft");
        alias("*", "sherlock");
        assertThat(dir.checkAddress("shylock@holmes.com").targets()).containsExactly(mailbox("mycroft"));
        assertThat(dir.checkAddress("simon@holmes.com").targets()).containsExactly(mailbox("watson"));
    }

    @Test
    void exactAlias_sameNameAsUser_bothReceive() {
        alias("sherlock", "watson");
        assertThat(dir.checkAddress("sherlock").targets()).containsExactly(mailbox("sherlock"), mailbox("watson"));
    }

    @Test
    void exactAlias_twoTargets_bothReceive() {
        alias("doctors", "watson");
        alias("doctors", "sherlock");
        assertThat(dir.checkAddress("doctors").targets()).containsExactlyInAnyOrder(mailbox("sherlock"), mailbox("watson"));
    }

    @Test
    void addAlias_duplicate_conflict() {
        alias("doctors", "watson");
        assertProblem(() -> alias("Doctors@holmes.com", "WATSON"), Problem.Kind.CONFLICT, "already exists");
    }

    @Test
    void userAlias_viaDomainAlias_reachesUser() {
        dir.updateDomain(ADMIN, "holmes.com", new DomainChange(null, null, null, null, List.of("holmes.org")));
        alias("genius", "sherlock");

        Resolution r = dir.checkAddress("Genius@Holmes.ORG");

        assertThat(r.targets()).containsExactly(mailbox("sherlock"));
        assertThat(r.steps()).startsWith("holmes.org is an alias of the domain holmes.com",
                "genius@holmes.com: alias genius@holmes.com -> sherlock");
    }

    @Test
    void addAlias_inDomainAlias_invalidUseTheDomain() {
        dir.updateDomain(ADMIN, "holmes.com", new DomainChange(null, null, null, null, List.of("holmes.org")));
        assertProblem(() -> alias("genius@holmes.org", "sherlock"), Problem.Kind.INVALID, "use the domain itself");
    }

    @Test
    void aliasTarget_external_deliveredToTheInternet() {
        alias("fwd", "Irene.Adler@Example.NET");
        Resolution r = dir.checkAddress("fwd@holmes.com");
        assertThat(r.targets()).containsExactly(new Resolution.External("irene.adler@example.net"));
        assertThat(r.deliverable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "a b", "a,b", "<x>", "x@bad..domain"})
    void addAlias_badTarget_invalid(String target) {
        assertThatThrownBy(() -> alias("x", target)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID));
    }

    @Test
    void addAlias_badPattern_invalid() {
        assertProblem(() -> alias("no spaces", "sherlock"), Problem.Kind.INVALID, "wildcards");
        assertProblem(() -> alias(" ", "sherlock"), Problem.Kind.INVALID, "an alias is required");
    }

    @Test
    void aliasTarget_groupName_membersReceive() {
        dir.addGroup(ADMIN, new NewGroup("detectives", null, null, List.of("sherlock", "watson"), null));
        alias("team", "detectives");

        Resolution r = dir.checkAddress("team@holmes.com");

        assertThat(r.targets()).containsExactly(mailbox("sherlock"), mailbox("watson"));
        assertThat(r.steps()).contains("  detectives@holmes.com: group detectives@holmes.com with 2 member(s)");
    }

    @Test
    void aliasTarget_groupAddress_membersReceive() {
        dir.addGroup(ADMIN, new NewGroup("detectives", null, List.of("all"), List.of("sherlock", "watson"), null));
        alias("everyone", "all@holmes.com");
        assertThat(dir.checkAddress("everyone").targets()).containsExactly(mailbox("sherlock"), mailbox("watson"));
    }

    @Test
    void groupNameWithoutAddress_directMail_notDelivered() {
        dir.addGroup(ADMIN, new NewGroup("detectives", null, null, List.of("sherlock"), null));
        assertThat(dir.checkAddress("detectives@holmes.com").deliverable()).as("only group addresses receive mail").isFalse();
    }

    @Test
    void chain_aToBToUser_followed() {
        alias("a", "b");
        alias("b", "sherlock");

        Resolution r = dir.checkAddress("a@holmes.com");

        assertThat(r.targets()).containsExactly(mailbox("sherlock"));
        assertThat(r.loop()).isFalse();
        assertThat(r.steps()).containsExactly(
                "a@holmes.com: alias a@holmes.com -> b",
                "  b@holmes.com: alias b@holmes.com -> sherlock",
                "    sherlock@holmes.com: user sherlock@holmes.com -> mailbox");
    }

    @Test
    void loop_aToBThenBToA_refusedInvalidAndNothingSaved() {
        alias("a", "b");
        Map<String, String> before = f.store.snapshot();

        assertThatThrownBy(() -> alias("b", "a")).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
            assertThat(p.errors()).containsExactly(new Problem.FieldError("target", "creates an alias loop"));
            assertThat(p.getMessage()).contains("alias b@holmes.com -> a would create a loop", "already expanded");
        });
        assertThat(dir.aliases(null)).extracting(Alias::pattern).containsExactly("a");
        assertThat(f.store.snapshot()).isEqualTo(before);
        assertThat(f.reopen().aliases(null)).hasSize(1);
    }

    @Test
    void loop_selfReference_refused() {
        assertProblem(() -> alias("echo", "echo@holmes.com"), Problem.Kind.INVALID, "loop");
    }

    @Test
    void loop_catchAllToUnknownName_refused() {
        assertProblem(() -> alias("*", "ghost"), Problem.Kind.INVALID, "would create a loop");
        assertThat(dir.aliases(null)).isEmpty();
    }

    @Test
    void loop_wildcardMatchingItsOwnTarget_refused() {
        assertProblem(() -> alias("?ill", "kill"), Problem.Kind.INVALID, "loop");
    }

    @Test
    void loop_catchAllBackIntoAnAliasChain_refused() {
        alias("a", "b");
        assertProblem(() -> alias("*", "a"), Problem.Kind.INVALID, "loop");
    }

    @Test
    void chain_endingAtUnknownName_unknownTarget() {
        alias("a", "ghost");
        Resolution r = dir.checkAddress("a");
        assertThat(r.targets()).containsExactly(new Resolution.Unknown("ghost@holmes.com"));
        assertThat(r.deliverable()).isFalse();
    }

    @Test
    void loop_leftByRemovedUser_reportedAndStopped() {
        alias("*", "watson");
        dir.removeUser(ADMIN, "watson");

        Resolution r = dir.checkAddress("nobody@holmes.com");

        assertThat(r.loop()).isTrue();
        assertThat(r.deliverable()).isFalse();
        assertThat(r.steps()).last().asString().contains("was already expanded -> loop stopped here");
    }

    @Test
    void removeAlias_existing_goneAndPersisted() {
        Alias a = alias("genius", "sherlock");
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            dir.removeAlias(ADMIN, a.id());
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): alias genius@holmes.com -> sherlock removed");
        }
        assertThat(dir.alias(a.id())).isEmpty();
        assertThat(dir.checkAddress("genius").deliverable()).isFalse();
        assertThat(f.reopen().aliases(null)).isEmpty();
    }

    @Test
    void removeAlias_unknown_notFound() {
        assertProblem(() -> dir.removeAlias(ADMIN, "no-such-id"), Problem.Kind.NOT_FOUND, "alias no-such-id");
    }

    @Test
    void aliases_severalDomains_sortedByDomainThenPattern() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        alias("zeta", "sherlock");
        alias("alpha", "watson");
        alias("doc@watson.org", "watson@holmes.com");
        assertThat(dir.aliases(null)).extracting(a -> a.pattern() + "@" + a.domain())
                .containsExactly("alpha@holmes.com", "zeta@holmes.com", "doc@watson.org");
        assertThat(dir.aliases("watson.org")).hasSize(1);
    }

    @Test
    void matches_globPatterns_questionOneStarAnyRun() {
        Alias a = new Alias("1", "d", "a*b?c", "x", null);
        assertThat(a.matches("abxc")).isTrue();
        assertThat(a.matches("a123bxc")).isTrue();
        assertThat(a.matches("abc")).isFalse();
        assertThat(new Alias("2", "d", "**", "x", null).matches("")).isTrue();
        assertThat(new Alias("3", "d", "*a*a*a*a*a*b", "x", null).matches("a".repeat(60))).isFalse();
    }
}
