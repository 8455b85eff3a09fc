package org.switchboard.core.directory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Expands an address through domain aliases, users, groups and user-name aliases, the way
 * local delivery will. Precedence (guide §22): real accounts, groups and exact aliases all
 * receive ("addresses add up"); only when none exists does the most specific wildcard alias
 * apply, and only then the catch-all {@code *}. Alias expansion remembers the aliases it has
 * used; coming back to one is a loop, and the message stays with the mailboxes reached so far.
 */
final class AddressResolver {
    static final int MAX_DEPTH = 16;

    private final DirectoryState state;
    private final List<String> steps = new ArrayList<>();
    private final Set<Resolution.Target> targets = new LinkedHashSet<>();
    private boolean loop;

    private AddressResolver(DirectoryState state) { this.state = state; }

    static Resolution resolve(DirectoryState state, String address) {
        AddressResolver r = new AddressResolver(state);
        r.expand(address.trim().toLowerCase(java.util.Locale.ROOT), new LinkedHashSet<>(), 0, "");
        List<Resolution.Target> result = new ArrayList<>(r.targets);
        if (r.loop && result.stream().anyMatch(t -> !(t instanceof Resolution.Unknown))) {
            result.removeIf(t -> t instanceof Resolution.Unknown);
        }
        return new Resolution(address, result, List.copyOf(r.steps), r.loop);
    }

    private void expand(String address, Set<String> usedAliases, int depth, String indent) {
        if (depth > MAX_DEPTH) {
            loop = true;
            steps.add(indent + "stop: more than " + MAX_DEPTH + " alias levels");
            return;
        }
        String[] parts = Names.split(address);
        String local = parts[0];
        String domainName = parts[1];
        if (domainName == null) {
            Optional<Domain> primary = state.primary();
            if (primary.isEmpty()) {
                steps.add(indent + address + ": no domain given and no primary domain exists");
                targets.add(new Resolution.Unknown(address));
                return;
            }
            domainName = primary.get().name();
            steps.add(indent + address + ": no domain given, using the primary domain " + domainName);
        }
        Optional<String> canonical = state.canonicalDomain(domainName);
        if (canonical.isEmpty()) {
            steps.add(indent + local + "@" + domainName + ": " + domainName + " is not a local domain -> delivered to the Internet");
            targets.add(new Resolution.External(local + "@" + domainName));
            return;
        }
        if (!canonical.get().equals(domainName)) {
            steps.add(indent + domainName + " is an alias of the domain " + canonical.get());
            domainName = canonical.get();
        }
        String full = local + "@" + domainName;
        boolean matched = false;
        for (User u : state.usersAt(full)) {
            matched = true;
            steps.add(indent + full + ": user " + u.address() + (u.enabled() ? "" : " (account disabled)") + " -> mailbox");
            targets.add(new Resolution.Mailbox(u.id(), u.address(), u.enabled()));
        }
        List<Group> groups = new ArrayList<>(state.groupsAt(full));
        // An alias may name a group as its target (guide §22.2) even when the group has no
        // address of its own; mail sent straight to the bare group name is not delivered.
        if (depth > 0) state.groupByName(full).filter(g -> !groups.contains(g)).ifPresent(groups::add);
        for (Group g : groups) {
            matched = true;
            steps.add(indent + full + ": group " + g.address() + " with " + g.members().size() + " member(s)");
            for (String memberId : g.members()) {
                User m = state.users.get(memberId);
                if (m == null) continue;
                steps.add(indent + "  member " + m.address() + " -> mailbox");
                targets.add(new Resolution.Mailbox(m.id(), m.address(), m.enabled()));
            }
        }
        List<Alias> aliases = new ArrayList<>(state.exactAliasesAt(full));
        if (!matched && aliases.isEmpty()) {
            state.wildcardAliases(domainName).stream()
                    .filter(a -> !a.isCatchAll() && a.matches(local)).findFirst().ifPresent(aliases::add);
            if (aliases.isEmpty()) {
                state.wildcardAliases(domainName).stream().filter(Alias::isCatchAll).findFirst().ifPresent(aliases::add);
            }
        }
        for (Alias a : aliases) {
            matched = true;
            String label = a.isCatchAll() ? "catch-all alias *@" + domainName
                    : "alias " + a.pattern() + "@" + domainName;
            if (!usedAliases.add(a.id())) {
                loop = true;
                steps.add(indent + full + ": " + label + " was already expanded -> loop stopped here");
                continue;
            }
            steps.add(indent + full + ": " + label + " -> " + a.target());
            expandTarget(a, domainName, usedAliases, depth, indent + "  ");
            usedAliases.remove(a.id());
        }
        if (!matched) {
            steps.add(indent + full + ": no such user, group or alias -> refused as unknown recipient");
            targets.add(new Resolution.Unknown(full));
        }
    }

    private void expandTarget(Alias a, String domainName, Set<String> usedAliases, int depth, String indent) {
        String target = a.target().trim();
        if (target.toLowerCase(java.util.Locale.ROOT).startsWith("#public/")) {
            steps.add(indent + "public folder " + target);
            targets.add(new Resolution.PublicFolder(target));
            return;
        }
        String next = target.contains("@") ? target : target + "@" + domainName;
        expand(next.toLowerCase(java.util.Locale.ROOT), usedAliases, depth + 1, indent);
    }
}
