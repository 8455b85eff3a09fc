package org.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.core.error.ProblemAssertions.assertProblem;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MemoryMetadataStore;

class AccessPoliciesTest {
    private static final Actor ADMIN = new Actor("admin", "192.0.2.10");
    private static final AccessPolicy.Rule ALLOW = AccessPolicy.Rule.ALLOW_ALL;
    private static final AccessPolicy.Rule DENY = new AccessPolicy.Rule(AccessPolicy.Action.DENY, null);

    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final IpGroups ipGroups = new IpGroups(store);
    private final Set<String> assigned = new HashSet<>();
    private final AccessPolicies policies = new AccessPolicies(store, ipGroups, n -> assigned.contains(n.toLowerCase()));

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AccessPolicy.Rule fromGroup(String g) { return new AccessPolicy.Rule(AccessPolicy.Action.ALLOW_FROM_GROUP, g); }

    @Test
    void defaultPolicy_nothingStored_existsAndAllowsAll() {
        assertThat(policies.list()).extracting(AccessPolicy::name).containsExactly("Default");
        assertThat(policies.exists("default")).isTrue();
        assertThat(policies.get("Default").ruleFor(AccessPolicy.Protocol.IMAP)).isEqualTo(ALLOW);
        assertThat(policies.allows("Default", AccessPolicy.Protocol.ADMIN, ip("203.0.113.1"))).isTrue();
    }

    @Test
    void allows_fromGroupRule_insideAllowedOutsideDenied() {
        ipGroups.put(ADMIN, new IpGroup("Office", null, List.of("192.0.2.0/24")));
        policies.put(ADMIN, new AccessPolicy("Office only", Map.of(AccessPolicy.Protocol.IMAP, fromGroup("office")), DENY));

        assertThat(policies.allows("office only", AccessPolicy.Protocol.IMAP, ip("192.0.2.5"))).isTrue();
        assertThat(policies.allows("Office only", AccessPolicy.Protocol.IMAP, ip("203.0.113.1"))).isFalse();
        assertThat(policies.allows("Office only", AccessPolicy.Protocol.SMTP, ip("192.0.2.5"))).as("others: deny").isFalse();
    }

    @Test
    void put_changedDefault_appliesToEveryone() {
        policies.put(ADMIN, new AccessPolicy("Default", Map.of(AccessPolicy.Protocol.POP3, DENY), ALLOW));
        assertThat(policies.allows("Default", AccessPolicy.Protocol.POP3, ip("192.0.2.5"))).isFalse();
        assertThat(policies.list()).extracting(AccessPolicy::name).containsExactly("Default");
    }

    @Test
    void put_groupRuleWithUnknownGroup_invalid() {
        assertProblem(() -> policies.put(ADMIN, new AccessPolicy("P", Map.of(AccessPolicy.Protocol.IMAP, fromGroup("Nowhere")), ALLOW)),
                Problem.Kind.INVALID, "rules.IMAP: name an existing IP address group");
        assertThat(policies.exists("P")).isFalse();
    }

    @Test
    void put_ruleWithoutAction_invalid() {
        assertProblem(() -> policies.put(ADMIN, new AccessPolicy("P", Map.of(), new AccessPolicy.Rule(null, null))),
                Problem.Kind.INVALID, "others: action must be");
    }

    @Test
    void put_blankName_invalid() {
        assertProblem(() -> policies.put(ADMIN, AccessPolicy.allowAll(" ")), Problem.Kind.INVALID, "name");
    }

    @Test
    void remove_default_conflict() {
        assertProblem(() -> policies.remove(ADMIN, "DEFAULT"), Problem.Kind.CONFLICT, "cannot be removed");
    }

    @Test
    void remove_assignedToUsers_conflict() {
        policies.put(ADMIN, AccessPolicy.allowAll("Staff"));
        assigned.add("staff");
        assertProblem(() -> policies.remove(ADMIN, "Staff"), Problem.Kind.CONFLICT, "assigned to users");
        assertThat(policies.exists("Staff")).isTrue();
    }

    @Test
    void remove_unused_gone() {
        policies.put(ADMIN, AccessPolicy.allowAll("Staff"));
        policies.remove(ADMIN, "staff");
        assertThat(policies.exists("Staff")).isFalse();
        assertProblem(() -> policies.get("Staff"), Problem.Kind.NOT_FOUND, "access policy Staff");
    }

    @Test
    void ipGroupRemove_usedByPolicy_conflict() {
        ipGroups.put(ADMIN, new IpGroup("Office", null, List.of("192.0.2.0/24")));
        policies.put(ADMIN, new AccessPolicy("Office only", Map.of(), fromGroup("Office")));
        assertProblem(() -> ipGroups.remove(ADMIN, "office"), Problem.Kind.CONFLICT, "in use by a setting");
        assertThat(ipGroups.get("Office")).isPresent();
    }

    @Test
    void persistence_secondInstance_samePolicies() {
        ipGroups.put(ADMIN, new IpGroup("Office", null, List.of("192.0.2.0/24")));
        policies.put(ADMIN, new AccessPolicy("Office only", Map.of(AccessPolicy.Protocol.IMAP, fromGroup("Office")), DENY));
        AccessPolicies reread = new AccessPolicies(store, new IpGroups(store), n -> false);
        assertThat(reread.list()).isEqualTo(policies.list());
        assertThat(reread.allows("Office only", AccessPolicy.Protocol.IMAP, ip("192.0.2.5"))).isTrue();
    }
}
