package org.switchboard.core.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.core.error.ProblemAssertions.assertProblem;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.switchboard.core.Actor;
import org.switchboard.core.LogCapture;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MemoryMetadataStore;

class IpGroupsTest {
    private static final Actor ADMIN = new Actor("admin", "192.0.2.10");

    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final IpGroups groups = new IpGroups(store);

    private IpGroup put(String name, String... entries) { return groups.put(ADMIN, new IpGroup(name, null, List.of(entries))); }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);   // literals only: no DNS lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void contains_hostEntry_onlyThatAddress() {
        put("Office", "192.0.2.7");
        assertThat(groups.contains("Office", ip("192.0.2.7"))).isTrue();
        assertThat(groups.contains("office", ip("192.0.2.8"))).isFalse();
    }

    @Test
    void contains_rangeEntry_inclusiveBothEnds() {
        put("Office", "192.0.2.10 - 192.0.2.20");
        assertThat(groups.contains("Office", ip("192.0.2.9"))).isFalse();
        assertThat(groups.contains("Office", ip("192.0.2.10"))).isTrue();
        assertThat(groups.contains("Office", ip("192.0.2.20"))).isTrue();
        assertThat(groups.contains("Office", ip("192.0.2.21"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 11.0.0.0, false", "10.1.2.3/8, 10.9.9.9, true",
            "192.168.1.0/24, 192.168.1.200, true", "192.168.1.0/24, 192.168.2.1, false", "0.0.0.0/0, 203.0.113.9, true",
            "192.0.2.7/32, 192.0.2.7, true", "192.0.2.7/32, 192.0.2.6, false",
            "2001:db8::/32, 2001:db8:ffff::1, true", "2001:db8::/32, 2001:db9::1, false", "[2001:db8::1], 2001:db8::1, true",
            "::1, ::1, true", "2001:db8::/32, 192.0.2.1, false", "10.0.0.0/8, ::1, false"})
    void contains_networkEntryV4AndV6_matchesInsidePrefix(String entry, String address, boolean expected) {
        put("Net", entry);
        assertThat(groups.contains("Net", ip(address))).isEqualTo(expected);
    }

    @Test
    void contains_ipv4MappedIpv6_matchesIpv4Entries() throws UnknownHostException {
        put("Lan", "10.0.0.0/8");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 5;
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(v6).isInstanceOf(Inet6Address.class);

        assertThat(groups.contains("Lan", v6)).isTrue();
        mapped[12] = 11;
        assertThat(groups.contains("Lan", Inet6Address.getByAddress(null, mapped, -1))).isFalse();
    }

    @Test
    void nestedGroup_addressInInnerGroup_matches() {
        put("Branch", "198.51.100.0/24");
        put("Company", "192.0.2.0/24", "group:Branch");
        assertThat(groups.contains("Company", ip("198.51.100.7"))).isTrue();
        assertThat(groups.contains("Company", ip("203.0.113.1"))).isFalse();
    }

    @Test
    void nestedGroup_changeOfInnerGroup_seenByOuter() {
        put("Branch", "198.51.100.0/24");
        put("Company", "group: branch");
        put("Branch", "203.0.113.0/24");
        assertThat(groups.contains("Company", ip("203.0.113.1"))).isTrue();
        assertThat(groups.contains("Company", ip("198.51.100.7"))).isFalse();
    }

    @Test
    void nestedGroup_unknownReference_invalidAndNothingSaved() {
        assertProblem(() -> put("Company", "192.0.2.0/24", "group:Nowhere"), Problem.Kind.INVALID, "no IP address group named 'Nowhere'");
        assertThat(groups.list()).isEmpty();
        assertThat(store.snapshot()).isEmpty();
    }

    @Test
    void nestedGroup_cycle_refusedAndPreviousVersionKept() {
        put("A", "192.0.2.1");
        put("B", "group:A");
        assertProblem(() -> put("A", "192.0.2.1", "group:B"), Problem.Kind.INVALID, "loop");
        assertThat(groups.get("a")).map(IpGroup::entries).contains(List.of("192.0.2.1"));
        assertThat(groups.contains("B", ip("192.0.2.1"))).isTrue();
    }

    @Test
    void nestedGroup_selfReference_refused() {
        assertProblem(() -> put("A", "group:a"), Problem.Kind.INVALID, "loop");
    }

    @Test
    void nestedGroup_longerCycle_refused() {
        put("A", "192.0.2.1");
        put("B", "group:A");
        put("C", "group:B");
        assertProblem(() -> put("A", "group:C"), Problem.Kind.INVALID, "loop");
    }

    @Test
    void nestedGroup_sameGroupReachedTwice_notACycle() {
        put("Base", "192.0.2.1");
        put("Left", "group:Base");
        put("Right", "group:Base");
        assertThat(put("Top", "group:Left", "group:Right").entries()).hasSize(2);
    }

    @Test
    void remove_referencedByAnotherGroup_conflict() {
        put("Branch", "198.51.100.0/24");
        put("Company", "group:Branch");
        assertProblem(() -> groups.remove(ADMIN, "branch"), Problem.Kind.CONFLICT, "used by the group Company");
        assertThat(groups.get("Branch")).isPresent();
    }

    @Test
    void remove_referencedWithSpaceAfterColon_conflict() {
        put("Branch", "198.51.100.0/24");
        put("Company", "group: Branch");
        assertProblem(() -> groups.remove(ADMIN, "Branch"), Problem.Kind.CONFLICT, "used by the group Company");
    }

    @Test
    void remove_usedBySetting_conflict() {
        put("Trusted", "192.0.2.0/24");
        groups.registerUsage(name -> name.equalsIgnoreCase("trusted"));
        assertProblem(() -> groups.remove(ADMIN, "Trusted"), Problem.Kind.CONFLICT, "in use by a setting");
    }

    @Test
    void remove_unused_goneAndPersisted() {
        put("Office", "192.0.2.7");
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            groups.remove(ADMIN, "OFFICE");
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): IP address group Office removed");
        }
        assertThat(groups.list()).isEmpty();
        assertThat(new IpGroups(store).list()).isEmpty();
    }

    @Test
    void remove_unknown_notFound() {
        assertProblem(() -> groups.remove(ADMIN, "Nowhere"), Problem.Kind.NOT_FOUND, "IP address group Nowhere");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "300.1.1.1 | '300.1.1.1' is not an IP address, range, network or group:Name",
            "abc | 'abc' is not an IP address, range, network or group:Name",
            "www.example.com | 'www.example.com' is not an IP address",
            "10.0.0.0/33 | '10.0.0.0/33': prefix length out of range",
            "2001:db8::/129 | prefix length out of range",
            "10.0.0.0/x | the prefix length must be a number",
            "10.0.0.5-10.0.0.1 | '10.0.0.5-10.0.0.1': the range starts after it ends",
            "10.0.0.1-2001:db8::1 | both ends must be IPv4 or both IPv6",
            "abc:def | 'abc:def' is not a valid IP address",
            "'group:' | name the group after 'group:'"})
    void put_invalidEntry_clearMessageAndNothingSaved(String entry, String message) {
        assertThatThrownBy(() -> put("Bad", entry)).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
            assertThat(p.errors()).extracting(Problem.FieldError::field).containsExactly("entries");
        }).hasMessageContaining(message);
        assertThat(groups.list()).isEmpty();
    }

    @Test
    void put_noEntries_invalid() {
        assertProblem(() -> put("Empty"), Problem.Kind.INVALID, "add at least one");
    }

    @Test
    void put_badName_invalid() {
        assertProblem(() -> put(" ", "192.0.2.1"), Problem.Kind.INVALID, "name");
        assertProblem(() -> put("x".repeat(65), "192.0.2.1"), Problem.Kind.INVALID, "name");
    }

    @Test
    void put_nameOtherCase_replacesSameGroup() {
        put("Office", "192.0.2.7");
        put("OFFICE", "192.0.2.8");
        assertThat(groups.list()).extracting(IpGroup::name).containsExactly("OFFICE");
        assertThat(groups.contains("office", ip("192.0.2.7"))).isFalse();
    }

    @Test
    void put_change_configLogShowsOldAndNew() {
        put("Office", "192.0.2.7");
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            put("Office", "192.0.2.8");
            assertThat(log.lines()).containsExactly("admin (192.0.2.10): IP address group Office changed: entries: [192.0.2.7] -> [192.0.2.8]");
        }
    }

    @Test
    void put_storeFailure_previousVersionKept() {
        put("Office", "192.0.2.7");
        Map<String, String> before = store.snapshot();
        store.failNextWrite();
        assertThatThrownBy(() -> put("Office", "192.0.2.8")).isInstanceOf(IllegalStateException.class);
        assertThat(groups.contains("Office", ip("192.0.2.7"))).isTrue();
        assertThat(store.snapshot()).isEqualTo(before);
    }

    @Test
    void persistence_secondInstance_sameGroupsAndMatches() {
        put("Branch", "198.51.100.0/24");
        put("Company", "192.0.2.0/24", "group:Branch", "2001:db8::/32");
        IpGroups reread = new IpGroups(store);
        assertThat(reread.list()).isEqualTo(groups.list());
        assertThat(reread.contains("company", ip("198.51.100.1"))).isTrue();
    }

    @Test
    void contains_unknownOrNullGroup_false() {
        assertThat(groups.contains("Nowhere", ip("127.0.0.1"))).isFalse();
        assertThat(groups.contains(null, ip("127.0.0.1"))).isFalse();
    }

    @Test
    void list_mixedCaseNames_sortedCaseInsensitively() {
        put("beta", "192.0.2.1");
        put("Alpha", "192.0.2.2");
        put("gamma", "192.0.2.3");
        assertThat(groups.list()).extracting(IpGroup::name).containsExactly("Alpha", "beta", "gamma");
    }
}
