package org.switchboard.core.auth;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.switchboard.core.Actor;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.directory.AccessPolicyNames;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MetadataStore;
import org.switchboard.core.store.StoredSet;

/** The named access policies; "Default" always exists (allow everything until changed). */
public final class AccessPolicies {
    private final StoredSet<AccessPolicy> set;
    private final IpGroups ipGroups;
    private final java.util.function.Predicate<String> policyInUse;

    public AccessPolicies(MetadataStore store, IpGroups ipGroups, java.util.function.Predicate<String> policyInUse) {
        this.set = new StoredSet<>(store, "accesspolicy", "access policy", AccessPolicy.class, AccessPolicy::name);
        this.ipGroups = ipGroups;
        this.policyInUse = policyInUse;
        ipGroups.registerUsage(g -> set.list().stream().anyMatch(p -> usesGroup(p, g)));
    }

    private static boolean usesGroup(AccessPolicy p, String group) {
        return java.util.stream.Stream.concat(p.rules().values().stream(), java.util.stream.Stream.of(p.others()))
                .anyMatch(r -> r.ipGroup() != null && r.ipGroup().equalsIgnoreCase(group));
    }

    public List<AccessPolicy> list() {
        if (set.get(AccessPolicyNames.DEFAULT).isEmpty()) {
            var l = new java.util.ArrayList<>(set.list());
            l.add(0, AccessPolicy.allowAll(AccessPolicyNames.DEFAULT));
            return l;
        }
        return set.list();
    }

    public AccessPolicy get(String name) {
        return set.get(name).orElseGet(() -> {
            if (AccessPolicyNames.DEFAULT.equalsIgnoreCase(name)) return AccessPolicy.allowAll(AccessPolicyNames.DEFAULT);
            throw Problem.notFound("access policy " + name);
        });
    }

    public boolean exists(String name) {
        return AccessPolicyNames.DEFAULT.equalsIgnoreCase(name) || set.get(name).isPresent();
    }

    public boolean allows(String policyName, AccessPolicy.Protocol protocol, InetAddress from) {
        AccessPolicy p = set.get(policyName).orElseGet(() -> AccessPolicy.allowAll(policyName));
        AccessPolicy.Rule r = p.ruleFor(protocol);
        return switch (r.action()) {
            case ALLOW -> true;
            case DENY -> false;
            case ALLOW_FROM_GROUP -> ipGroups.contains(r.ipGroup(), from);
        };
    }

    public AccessPolicy put(Actor actor, AccessPolicy policy) {
        String name = policy.name() == null ? "" : policy.name().trim();
        if (name.isEmpty() || name.length() > 64) throw Problem.invalid("name", "a name of 1 to 64 characters is required");
        for (Map.Entry<AccessPolicy.Protocol, AccessPolicy.Rule> e : policy.rules().entrySet()) check("rules." + e.getKey(), e.getValue());
        check("others", policy.others());
        return set.put(actor, new AccessPolicy(name, policy.rules(), policy.others()), (c, all) -> {});
    }

    private void check(String field, AccessPolicy.Rule r) {
        if (r == null || r.action() == null) throw Problem.invalid(field, "action must be ALLOW, ALLOW_FROM_GROUP or DENY");
        if (r.action() == AccessPolicy.Action.ALLOW_FROM_GROUP && (r.ipGroup() == null || ipGroups.get(r.ipGroup()).isEmpty())) {
            throw Problem.invalid(field, "name an existing IP address group");
        }
    }

    public void remove(Actor actor, String name) {
        if (AccessPolicyNames.DEFAULT.equalsIgnoreCase(name)) throw Problem.conflict("the Default policy cannot be removed");
        set.remove(actor, name, (n, x) -> {
            if (policyInUse.test(n)) throw Problem.conflict("access policy " + n + " is assigned to users");
        });
    }
}
