package org.switchboard.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.core.directory.DirectoryFixture.ADMIN;
import static org.switchboard.core.error.ProblemAssertions.assertProblem;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.switchboard.core.error.Problem;

class DirectoryGroupsTest {
    private final DirectoryFixture f = DirectoryFixture.holmes();
    private final Directory dir = f.dir;

    private String id(String user) { return dir.requireUser(user).id(); }

    @Test
    void addGroup_members_storedAsUserIdsWithoutDuplicates() {
        Group g = dir.addGroup(ADMIN, new NewGroup("Detectives", "the team", null, List.of("sherlock", "Watson@holmes.com", "sherlock"), null));
        assertThat(g.address()).isEqualTo("detectives@holmes.com");
        assertThat(g.members()).containsExactly(id("sherlock"), id("watson"));
        assertThat(g.role()).isEqualTo(AdminRole.NONE);
        assertThat(dir.groupsOf(dir.requireUser("watson"))).containsExactly(g);
        assertThat(f.reopen().requireGroup("detectives")).isEqualTo(g);
    }

    @Test
    void addGroup_unknownMember_invalidAndNoGroup() {
        assertProblem(() -> dir.addGroup(ADMIN, new NewGroup("team", null, null, List.of("sherlock", "moriarty"), null)),
                Problem.Kind.INVALID, "no user moriarty@holmes.com");
        assertThat(dir.groups(null)).isEmpty();
    }

    @Test
    void addGroup_memberOfOtherDomain_invalid() {
        dir.addDomain(ADMIN, NewDomain.named("watson.org"));
        dir.addUser(ADMIN, NewUser.of("john@watson.org", null, null));
        assertProblem(() -> dir.addGroup(ADMIN, new NewGroup("team", null, null, List.of("john@watson.org"), null)),
                Problem.Kind.INVALID, "members must be users of the domain holmes.com");
    }

    @Test
    void addGroup_sameNameOtherCase_conflict() {
        dir.addGroup(ADMIN, new NewGroup("team", null, null, null, null));
        assertProblem(() -> dir.addGroup(ADMIN, new NewGroup("TEAM@holmes.com", null, null, null, null)), Problem.Kind.CONFLICT, "already exists");
    }

    @Test
    void addGroup_addressInOtherDomain_invalid() {
        assertProblem(() -> dir.addGroup(ADMIN, new NewGroup("team", null, List.of("team@gmail.com"), null, null)),
                Problem.Kind.INVALID, "not in the domain holmes.com");
    }

    @Test
    void groupAddress_delivered_everyMemberReceives() {
        Group g = dir.addGroup(ADMIN, new NewGroup("team", null, List.of("Team", "all"), List.of("sherlock", "watson"), null));
        assertThat(g.addresses()).containsExactly("team", "all");
        Resolution r = dir.checkAddress("all@holmes.com");
        assertThat(r.targets()).containsExactly(
                new Resolution.Mailbox(id("sherlock"), "sherlock@holmes.com", true),
                new Resolution.Mailbox(id("watson"), "watson@holmes.com", true));
        assertThat(r.steps()).contains("all@holmes.com: group team@holmes.com with 2 member(s)", "  member watson@holmes.com -> mailbox");
    }

    @Test
    void groupAddress_reusesUserName_userAndMembersBothReceive() {
        dir.addUser(ADMIN, NewUser.of("hudson", null, null));
        dir.addGroup(ADMIN, new NewGroup("reception", null, List.of("hudson"), List.of("watson"), null));

        Resolution r = dir.checkAddress("hudson");

        assertThat(r.targets()).extracting(t -> ((Resolution.Mailbox) t).address())
                .containsExactly("hudson@holmes.com", "watson@holmes.com");
        assertThat(r.deliverable()).isTrue();
    }

    @Test
    void groupAddress_memberAlsoTheUser_receivesOnce() {
        dir.addGroup(ADMIN, new NewGroup("detectives", null, List.of("sherlock"), List.of("sherlock", "watson"), null));
        assertThat(dir.checkAddress("sherlock").targets()).hasSize(2);
    }

    @Test
    void effectiveRole_noGroups_ownRole() {
        dir.updateUser(ADMIN, "watson", new UserChange(null, null, null, null, AdminRole.DOMAIN_READ_WRITE, null, null, null));
        assertThat(dir.effectiveRole(dir.requireUser("watson"))).isEqualTo(AdminRole.DOMAIN_READ_WRITE);
    }

    @Test
    void effectiveRole_strongerGroup_groupRoleWins() {
        dir.updateUser(ADMIN, "watson", new UserChange(null, null, null, null, AdminRole.DOMAIN_READ_WRITE, null, null, null));
        dir.addGroup(ADMIN, new NewGroup("auditors", null, null, List.of("watson"), AdminRole.SERVER_READ_ONLY));
        dir.addGroup(ADMIN, new NewGroup("readers", null, null, List.of("watson"), AdminRole.NONE));
        assertThat(dir.effectiveRole(dir.requireUser("watson"))).isEqualTo(AdminRole.SERVER_READ_ONLY);
    }

    @Test
    void effectiveRole_weakerGroup_ownRoleWins() {
        dir.updateUser(ADMIN, "sherlock", new UserChange(null, null, null, null, AdminRole.SERVER_READ_WRITE, null, null, null));
        dir.addGroup(ADMIN, new NewGroup("auditors", null, null, List.of("sherlock"), AdminRole.SERVER_READ_ONLY));
        assertThat(dir.effectiveRole(dir.requireUser("sherlock"))).isEqualTo(AdminRole.SERVER_READ_WRITE);
    }

    @Test
    void effectiveRole_removedFromGroup_roleGone() {
        dir.addGroup(ADMIN, new NewGroup("admins", null, null, List.of("watson"), AdminRole.SERVER_READ_WRITE));
        dir.updateGroup(ADMIN, "admins", new GroupChange(null, null, List.of(), null));
        assertThat(dir.effectiveRole(dir.requireUser("watson"))).isEqualTo(AdminRole.NONE);
    }

    @Test
    void updateGroup_nullFields_kept() {
        Group before = dir.addGroup(ADMIN, new NewGroup("team", "desc", List.of("team"), List.of("sherlock"), AdminRole.DOMAIN_READ_WRITE));
        Group after = dir.updateGroup(ADMIN, "team", new GroupChange(null, null, null, null));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void updateGroup_unknownMember_invalidAndUnchanged() {
        Group before = dir.addGroup(ADMIN, new NewGroup("team", null, null, List.of("sherlock"), null));
        assertProblem(() -> dir.updateGroup(ADMIN, "team", new GroupChange(null, null, List.of("moriarty"), null)),
                Problem.Kind.INVALID, "moriarty");
        assertThat(dir.requireGroup("team")).isEqualTo(before);
    }

    @Test
    void removeGroup_existing_membersKeepTheirAccounts() {
        dir.addGroup(ADMIN, new NewGroup("team", null, List.of("team"), List.of("sherlock"), AdminRole.SERVER_READ_WRITE));
        dir.removeGroup(ADMIN, "team@holmes.com");
        assertThat(dir.groups(null)).isEmpty();
        assertThat(dir.effectiveRole(dir.requireUser("sherlock"))).isEqualTo(AdminRole.NONE);
        assertThat(dir.checkAddress("team").deliverable()).isFalse();
        assertThat(f.reopen().groups(null)).isEmpty();
    }

    @Test
    void removeGroup_unknown_notFound() {
        assertProblem(() -> dir.removeGroup(ADMIN, "nosuch"), Problem.Kind.NOT_FOUND, "group nosuch");
    }
}
