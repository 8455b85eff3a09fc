package org.switchboard.core.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the directory with its lookup indexes. Readers use whatever
 * snapshot is current; writers build a new one and swap it in (see {@link Directory}).
 */
final class DirectoryState {
    final Map<String, Domain> domains;            // by name
    final Map<String, User> users;                // by id
    final Map<String, Group> groups;              // by id
    final Map<String, Alias> aliases;             // by id
    private final Map<String, String> domainAliases = new HashMap<>();          // alias name -> domain name
    private final Map<String, User> userByLogin = new HashMap<>();              // name@domain -> user
    private final Map<String, List<User>> usersByAddress = new HashMap<>();     // local@domain -> users
    private final Map<String, List<Group>> groupsByAddress = new HashMap<>();
    private final Map<String, Group> groupByName = new HashMap<>();
    private final Map<String, List<Alias>> exactAliases = new HashMap<>();
    private final Map<String, List<Alias>> wildcardAliases = new HashMap<>();   // domain -> most specific first

    DirectoryState(Collection<Domain> domains, Collection<User> users, Collection<Group> groups, Collection<Alias> aliases) {
        this.domains = index(domains, Domain::name);
        this.users = index(users, User::id);
        this.groups = index(groups, Group::id);
        this.aliases = index(aliases, Alias::id);
        for (Domain d : domains) for (String a : d.aliases()) domainAliases.put(a, d.name());
        for (User u : users) {
            userByLogin.put(u.address(), u);
            usersByAddress.computeIfAbsent(u.address(), k -> new ArrayList<>()).add(u);
            for (String a : u.addresses()) usersByAddress.computeIfAbsent(a + "@" + u.domain(), k -> new ArrayList<>()).add(u);
        }
        for (Group g : groups) {
            groupByName.put(g.address(), g);
            for (String a : g.addresses()) groupsByAddress.computeIfAbsent(a + "@" + g.domain(), k -> new ArrayList<>()).add(g);
        }
        for (Alias a : aliases) {
            if (a.isWildcard()) wildcardAliases.computeIfAbsent(a.domain(), k -> new ArrayList<>()).add(a);
            else exactAliases.computeIfAbsent(a.pattern() + "@" + a.domain(), k -> new ArrayList<>()).add(a);
        }
        Comparator<Alias> specific = Comparator.comparingInt(Alias::specificity).reversed().thenComparing(Alias::pattern);
        wildcardAliases.values().forEach(l -> l.sort(specific));
    }

    static DirectoryState empty() { return new DirectoryState(List.of(), List.of(), List.of(), List.of()); }

    private static <T> Map<String, T> index(Collection<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : items) m.put(key.apply(t), t);
        return java.util.Collections.unmodifiableMap(m);
    }

    Optional<Domain> primary() { return domains.values().stream().filter(Domain::primary).findFirst(); }

    /** The real domain for a name that is a domain or a domain alias. */
    Optional<String> canonicalDomain(String name) {
        if (domains.containsKey(name)) return Optional.of(name);
        return Optional.ofNullable(domainAliases.get(name));
    }

    boolean isDomainAlias(String name) { return domainAliases.containsKey(name); }

    Optional<User> userByLogin(String nameAtDomain) { return Optional.ofNullable(userByLogin.get(nameAtDomain)); }

    Optional<Group> groupByName(String nameAtDomain) { return Optional.ofNullable(groupByName.get(nameAtDomain)); }

    List<User> usersAt(String address) { return usersByAddress.getOrDefault(address, List.of()); }

    List<Group> groupsAt(String address) { return groupsByAddress.getOrDefault(address, List.of()); }

    List<Alias> exactAliasesAt(String address) { return exactAliases.getOrDefault(address, List.of()); }

    List<Alias> wildcardAliases(String domain) { return wildcardAliases.getOrDefault(domain, List.of()); }

    List<Group> groupsOf(String userId) {
        return groups.values().stream().filter(g -> g.members().contains(userId)).toList();
    }

    DirectoryState with(Collection<Domain> d, Collection<User> u, Collection<Group> g, Collection<Alias> a) {
        return new DirectoryState(d, u, g, a);
    }
}
