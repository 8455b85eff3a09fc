package org.switchboard.core.definitions;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.switchboard.core.Actor;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MetadataStore;
import org.switchboard.core.store.StoredSet;

/**
 * The shared IP address groups: services, admin access, relay, lockout exemptions all refer
 * to them by name. Nested groups are resolved at match time; a cycle is refused when saved.
 */
public final class IpGroups {
    private final StoredSet<IpGroup> set;
    private final List<Predicate<String>> usages = new ArrayList<>();

    public IpGroups(MetadataStore store) {
        this.set = new StoredSet<>(store, "ipgroup", "IP address group", IpGroup.class, IpGroup::name);
    }

    /** Settings that name groups register here, so a group in use cannot be removed. */
    public void registerUsage(Predicate<String> usesGroup) { usages.add(usesGroup); }

    public List<IpGroup> list() { return set.list(); }

    public Optional<IpGroup> get(String name) { return set.get(name); }

    public IpGroup put(Actor actor, IpGroup group) {
        String name = group.name() == null ? "" : group.name().trim();
        if (name.isEmpty() || name.length() > 64 || name.chars().anyMatch(c -> c < ' ')) {
            throw Problem.invalid("name", "a name of 1 to 64 characters is required");
        }
        if (group.entries().isEmpty()) throw Problem.invalid("entries", "add at least one address, range, network or group");
        IpGroup g = new IpGroup(name, group.description(), group.entries().stream().map(String::trim).toList());
        return set.put(actor, g, (candidate, all) -> {
            for (String e : candidate.entries()) {
                if (IpEntry.parse(e) instanceof IpEntry.GroupRef ref && !all.containsKey(ref.name().toLowerCase(java.util.Locale.ROOT))) {
                    throw Problem.invalid("entries", "no IP address group named '" + ref.name() + "'");
                }
            }
            checkNoCycle(candidate.name(), all, new HashSet<>());
        });
    }

    public void remove(Actor actor, String name) {
        set.remove(actor, name, (n, ignored) -> {
            for (IpGroup g : set.list()) {
                if (!g.name().equalsIgnoreCase(n) && g.entries().stream().anyMatch(e -> refersTo(e, n))) {
                    throw Problem.conflict("IP address group " + n + " is used by the group " + g.name());
                }
            }
            for (Predicate<String> u : usages) if (u.test(n)) throw Problem.conflict("IP address group " + n + " is in use by a setting");
        });
    }

    /** Compares parsed references, since "group: Name" (space after the colon) is a valid entry too. */
    private static boolean refersTo(String entry, String group) {
        return IpEntry.parse(entry) instanceof IpEntry.GroupRef ref && ref.name().equalsIgnoreCase(group.trim());
    }

    private static void checkNoCycle(String name, Map<String, IpGroup> all, Set<String> path) {
        String k = name.toLowerCase(java.util.Locale.ROOT);
        if (!path.add(k)) throw Problem.invalid("entries", "group references form a loop through '" + name + "'");
        IpGroup g = all.get(k);
        if (g != null) {
            for (String e : g.entries()) {
                if (IpEntry.parse(e) instanceof IpEntry.GroupRef ref) checkNoCycle(ref.name(), all, path);
            }
        }
        path.remove(k);
    }

    /** Whether the address is in the named group; an unknown or null group matches nothing. */
    public boolean contains(String groupName, InetAddress address) {
        return groupName != null && contains(groupName, normalize(address), set.asMap(), 0);
    }

    private static boolean contains(String name, InetAddress a, Map<String, IpGroup> all, int depth) {
        IpGroup g = all.get(name.toLowerCase(java.util.Locale.ROOT));
        if (g == null || depth > 16) return false;
        for (String e : g.entries()) {
            IpEntry entry = IpEntry.parse(e);
            boolean hit = entry instanceof IpEntry.GroupRef ref ? contains(ref.name(), a, all, depth + 1) : entry.matches(a);
            if (hit) return true;
        }
        return false;
    }

    /** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 entries. */
    static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
                } catch (java.net.UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
