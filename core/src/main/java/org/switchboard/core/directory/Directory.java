package org.switchboard.core.directory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.store.MetadataStore;

/**
 * The directory: domains, users, groups and aliases. Reads are lock-free against an immutable
 * snapshot; every change takes the write lock, validates against a candidate snapshot, writes
 * the changed records to the store in one transaction, and only then publishes the snapshot
 * and writes the Config log. A refused change leaves both store and snapshot untouched.
 */
public final class Directory {
    static final String DOMAIN = "domain", USER = "user", GROUP = "group", ALIAS = "alias";

    private final MetadataStore store;
    private final CredentialFactory credentials;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile DirectoryState state;
    private final List<java.util.function.BiConsumer<String, String>> renameListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Directory(MetadataStore store, CredentialFactory credentials, InstantSource clock) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
        this.state = new DirectoryState(load(DOMAIN, Domain.class), load(USER, User.class),
                load(GROUP, Group.class), load(ALIAS, Alias.class));
    }

    private <T> List<T> load(String kind, Class<T> type) {
        return store.list(kind).stream().map(e -> Json.read(e.data(), type)).toList();
    }

    // ---------------------------------------------------------------- reads

    public List<Domain> domains() {
        return state.domains.values().stream().sorted(Comparator.comparing(Domain::name)).toList();
    }

    public Optional<Domain> domain(String name) {
        return Optional.ofNullable(state.domains.get(Names.domainKey(name)));
    }

    public Domain requireDomain(String name) {
        return domain(name).orElseThrow(() -> Problem.notFound("domain " + name));
    }

    public Optional<Domain> primaryDomain() { return state.primary(); }

    /** The real domain for a domain name or domain alias. */
    public Optional<String> canonicalDomain(String name) {
        return state.canonicalDomain(Names.domainKey(name));
    }

    public List<User> users(String domain) {
        return state.users.values().stream().filter(u -> domain == null || u.domain().equals(domain))
                .sorted(Comparator.comparing(User::domain).thenComparing(User::name)).toList();
    }

    public Optional<User> userById(String id) { return Optional.ofNullable(state.users.get(id)); }

    /** A user by "name@domain" or, for the primary domain, the bare name. */
    public Optional<User> user(String address) {
        return qualify(address).flatMap(state::userByLogin);
    }

    public User requireUser(String address) {
        return user(address).orElseThrow(() -> Problem.notFound("user " + address));
    }

    /**
     * The account a login name means: bare names belong to the primary domain; other domains
     * need the full address. Domain aliases are for delivery only and never log in (guide §22.1).
     */
    public Optional<User> userForLogin(String login) { return user(login); }

    public List<Group> groups(String domain) {
        return state.groups.values().stream().filter(g -> domain == null || g.domain().equals(domain))
                .sorted(Comparator.comparing(Group::domain).thenComparing(Group::name)).toList();
    }

    public Optional<Group> group(String address) { return qualify(address).flatMap(state::groupByName); }

    public Group requireGroup(String address) {
        return group(address).orElseThrow(() -> Problem.notFound("group " + address));
    }

    public List<Group> groupsOf(User user) { return state.groupsOf(user.id()); }

    /** The user's own role or the strongest role of their groups. */
    public AdminRole effectiveRole(User user) {
        AdminRole r = user.role();
        for (Group g : state.groupsOf(user.id())) r = AdminRole.max(r, g.role());
        return r;
    }

    /**
     * Whether the user reads the archive folders: the "Archive folders" right, or, as the guide's default, being a
     * whole-server read/write administrator of the primary domain.
     */
    public boolean readsArchive(User user) {
        if (user.archiveAccess()) return true;
        return effectiveRole(user) == AdminRole.SERVER_READ_WRITE
                && state.primary().map(d -> d.name().equals(user.domain())).orElse(false);
    }

    public List<Alias> aliases(String domain) {
        return state.aliases.values().stream().filter(a -> domain == null || a.domain().equals(domain))
                .sorted(Comparator.comparing(Alias::domain).thenComparing(Alias::pattern).thenComparing(Alias::target)).toList();
    }

    public Optional<Alias> alias(String id) { return Optional.ofNullable(state.aliases.get(id)); }

    public Resolution checkAddress(String address) {
        if (address == null || address.isBlank()) throw Problem.invalid("address", "an address is required");
        return AddressResolver.resolve(state, address);
    }

    private Optional<String> qualify(String address) {
        String[] p = Names.split(address);
        if (p[1] == null) return state.primary().map(d -> p[0] + "@" + d.name());
        return Optional.of(p[0] + "@" + p[1]);
    }

    // ---------------------------------------------------------------- domains

    public Domain addDomain(Actor actor, NewDomain spec) {
        return write(actor, tx -> {
            String name = Names.domain("name", spec.name());
            if (tx.domains.containsKey(name) || tx.domainAliasOwner(name).isPresent()) {
                throw Problem.conflict("domain " + name + " already exists");
            }
            Domain d = new Domain(name, spec.description(), tx.domains.isEmpty(), List.of(),
                    Objects.requireNonNullElse(spec.maxConcurrentUsers(), 0), spec.passwordPolicy(), spec.defaultQuota());
            validate(d);
            tx.domains.put(name, d);
            tx.log(() -> ConfigLog.created(actor, "domain " + name + (d.primary() ? " (primary)" : "")));
            return d;
        });
    }

    private static void validate(Domain d) {
        if (d.maxConcurrentUsers() < 0) throw Problem.invalid("maxConcurrentUsers", "must be 0 (unlimited) or more");
        if (d.passwordPolicy().minLength() < 1 || d.passwordPolicy().minLength() > 128) {
            throw Problem.invalid("passwordPolicy.minLength", "must be between 1 and 128");
        }
        if (d.passwordPolicy().expiryDays() < 0) throw Problem.invalid("passwordPolicy.expiryDays", "must be 0 (never) or more");
    }

    public Domain updateDomain(Actor actor, String name, DomainChange change) {
        return write(actor, tx -> {
            Domain before = tx.domain(name);
            List<String> aliases = before.aliases();
            if (change.aliases() != null) {
                List<String> normalized = new ArrayList<>();
                for (String a : change.aliases()) {
                    String n = Names.domain("aliases", a);
                    if (n.equals(before.name()) || tx.domains.containsKey(n)) throw Problem.conflict(n + " is a domain, not a free name for an alias");
                    Optional<String> owner = tx.domainAliasOwner(n);
                    if (owner.isPresent() && !owner.get().equals(before.name())) throw Problem.conflict(n + " is already an alias of " + owner.get());
                    if (!normalized.contains(n)) normalized.add(n);
                }
                aliases = normalized;
            }
            Domain after = new Domain(before.name(), Objects.requireNonNullElse(change.description(), before.description()),
                    before.primary(), aliases,
                    Objects.requireNonNullElse(change.maxConcurrentUsers(), before.maxConcurrentUsers()),
                    Objects.requireNonNullElse(change.passwordPolicy(), before.passwordPolicy()),
                    Objects.requireNonNullElse(change.defaultQuota(), before.defaultQuota()));
            validate(after);
            tx.domains.put(after.name(), after);
            tx.log(() -> ConfigLog.changed(actor, "domain " + after.name(), before, after));
            return after;
        });
    }

    public Domain setPrimary(Actor actor, String name) {
        return write(actor, tx -> {
            Domain target = tx.domain(name);
            for (Domain d : List.copyOf(tx.domains.values())) tx.domains.put(d.name(), d.withPrimary(d.name().equals(target.name())));
            tx.log(() -> ConfigLog.action(actor, "domain " + target.name() + " set as primary"));
            return tx.domains.get(target.name());
        });
    }

    /** Called with (old name, new name) after a domain rename is committed. */
    public void onDomainRenamed(java.util.function.BiConsumer<String, String> listener) { renameListeners.add(listener); }

    /** Renames a domain; the old name stays as a domain alias so mail to old addresses still arrives (guide §13). */
    public Domain renameDomain(Actor actor, String oldName, String newName) {
        Domain renamed = renameDomainOnly(actor, oldName, newName);
        String from = renamed.aliases().get(0);
        renameListeners.forEach(l -> l.accept(from, renamed.name()));
        return renamed;
    }

    private Domain renameDomainOnly(Actor actor, String oldName, String newName) {
        return write(actor, tx -> {
            Domain before = tx.domain(oldName);
            String n = Names.domain("newName", newName);
            if (n.equals(before.name())) throw Problem.invalid("newName", "the new name is the current name");
            if (tx.domains.containsKey(n)) throw Problem.conflict("domain " + n + " already exists");
            Optional<String> owner = tx.domainAliasOwner(n);
            if (owner.isPresent() && !owner.get().equals(before.name())) throw Problem.conflict(n + " is an alias of " + owner.get());
            List<String> aliases = new ArrayList<>(before.aliases());
            aliases.remove(n);
            aliases.add(0, before.name());
            Domain after = new Domain(n, before.description(), before.primary(), aliases, before.maxConcurrentUsers(),
                    before.passwordPolicy(), before.defaultQuota());
            tx.domains.remove(before.name());
            tx.domains.put(n, after);
            tx.users.replaceAll((id, u) -> u.domain().equals(before.name()) ? u.withDomain(n) : u);
            tx.groups.replaceAll((id, g) -> g.domain().equals(before.name()) ? g.withDomain(n) : g);
            tx.aliases.replaceAll((id, a) -> a.domain().equals(before.name()) ? a.withDomain(n) : a);
            tx.log(() -> ConfigLog.action(actor, "domain " + before.name() + " renamed to " + n + "; " + before.name() + " kept as a domain alias"));
            return after;
        });
    }

    public void removeDomain(Actor actor, String name) {
        write(actor, tx -> {
            Domain d = tx.domain(name);
            if (d.primary()) throw Problem.conflict("domain " + d.name() + " is the primary domain; make another domain primary first");
            long users = tx.users.values().stream().filter(u -> u.domain().equals(d.name())).count();
            long groups = tx.groups.values().stream().filter(g -> g.domain().equals(d.name())).count();
            long aliases = tx.aliases.values().stream().filter(a -> a.domain().equals(d.name())).count();
            if (users + groups + aliases > 0) {
                throw Problem.conflict("domain " + d.name() + " still has " + users + " user(s), " + groups + " group(s) and "
                        + aliases + " alias(es); remove them first");
            }
            tx.domains.remove(d.name());
            tx.log(() -> ConfigLog.removed(actor, "domain " + d.name()));
            return null;
        });
    }

    // ---------------------------------------------------------------- users

    public User addUser(Actor actor, NewUser spec) {
        return write(actor, tx -> {
            User u = tx.newUser(spec, false);
            tx.log(() -> ConfigLog.created(actor, "user " + u.address()
                    + (u.fullName().isEmpty() ? "" : " (" + u.fullName() + ")")));
            return u;
        });
    }

    public User updateUser(Actor actor, String address, UserChange change) {
        return write(actor, tx -> {
            User before = tx.user(address);
            Domain d = tx.domain(before.domain());
            List<String> addresses = change.addresses() == null ? before.addresses()
                    : tx.checkAddresses(d.name(), change.addresses(), before.id(), before.name());
            String policy = change.accessPolicy() == null ? before.accessPolicy() : change.accessPolicy().trim();
            if (policy.isEmpty()) throw Problem.invalid("accessPolicy", "must name an access policy");
            User after = new User(before.id(), before.domain(), before.name(),
                    Objects.requireNonNullElse(change.fullName(), before.fullName()).trim(),
                    Objects.requireNonNullElse(change.description(), before.description()),
                    addresses, Objects.requireNonNullElse(change.enabled(), before.enabled()),
                    Objects.requireNonNullElse(change.role(), before.role()), policy,
                    Objects.requireNonNullElse(change.quota(), before.quota()), before.credentials(), before.phone(),
                    before.created(), before.lastPasswordReminder(),
                    Objects.requireNonNullElse(change.archiveAccess(), before.archiveAccess()));
            tx.users.put(after.id(), after);
            if (change.groups() != null) tx.setGroupsOf(after, change.groups(), false);
            tx.log(() -> ConfigLog.changed(actor, "user " + after.address(), before, after));
            return after;
        });
    }

    public User setPassword(Actor actor, String address, String password) {
        return write(actor, tx -> {
            User before = tx.user(address);
            tx.checkPassword(tx.domain(before.domain()), before.name(), before.fullName(), password);
            User after = before.withCredentials(credentials.create(password));
            tx.users.put(after.id(), after);
            tx.log(() -> ConfigLog.action(actor, "password of user " + after.address() + " changed"));
            return after;
        });
    }

    /** Records that the expiry reminder was sent, so it is not sent twice the same day. */
    public void markPasswordReminder(String userId, Instant at) {
        write(Actor.SERVER, tx -> {
            User u = tx.users.get(userId);
            if (u != null) tx.users.put(userId, u.withLastPasswordReminder(at));
            return null;
        });
    }

    public void removeUser(Actor actor, String address) {
        write(actor, tx -> {
            User u = tx.user(address);
            tx.users.remove(u.id());
            tx.groups.replaceAll((id, g) -> g.members().contains(u.id())
                    ? g.withMembers(g.members().stream().filter(m -> !m.equals(u.id())).toList()) : g);
            tx.log(() -> {
                ConfigLog.removed(actor, "user " + u.address());
                LogKind.WARNING.log("User {} removed by {}", u.address(), actor);
            });
            return null;
        });
    }

    /**
     * Imports users in one transaction. Every row is validated first; with {@code partial}
     * false any bad row refuses the whole file, otherwise the good rows are imported and the
     * bad ones reported. Missing groups named in the Groups column are created.
     */
    public UserCsv.ImportReport importUsers(Actor actor, String domainName, UserCsv.Parsed parsed, boolean partial) {
        return write(actor, tx -> {
            Domain d = domainName == null ? tx.primary() : tx.domain(domainName);
            List<Problem.FieldError> errors = new ArrayList<>(parsed.errors());
            List<UserCsv.Row> rows = parsed.rows();
            List<String> created = new ArrayList<>();
            Set<String> createdGroups = new java.util.TreeSet<>();
            for (UserCsv.Row row : rows) {
                Transaction attempt = tx.copy();
                try {
                    NewUser spec = new NewUser(row.name() + "@" + d.name(), row.password(), row.fullName(), row.description(),
                            row.addresses(), null, null, null, null, row.groups());
                    User u = attempt.newUser(spec, true);
                    createdGroups.addAll(attempt.createdGroups);
                    tx.adopt(attempt);
                    created.add(u.address());
                } catch (Problem p) {
                    errors.add(new Problem.FieldError("line " + row.line(), p.getMessage()));
                }
            }
            if (!errors.isEmpty() && !partial) {
                errors.sort(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.field().substring(5))));
                throw new Problem(Problem.Kind.INVALID, errors.size() + " bad row(s); nothing was imported", errors);
            }
            errors.sort(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.field().substring(5))));
            tx.log(() -> ConfigLog.action(actor, "imported " + created.size() + " user(s) into " + d.name()
                    + (createdGroups.isEmpty() ? "" : ", created group(s) " + createdGroups)
                    + (errors.isEmpty() ? "" : ", skipped " + errors.size() + " bad row(s)")));
            return new UserCsv.ImportReport(created, List.copyOf(createdGroups), errors);
        });
    }

    // ---------------------------------------------------------------- groups

    public Group addGroup(Actor actor, NewGroup spec) {
        return write(actor, tx -> {
            String[] p = tx.qualifyNew("address", spec.address());
            String name = Names.localPart("name", p[0]);
            if (tx.groupByName(name, p[1]).isPresent()) throw Problem.conflict("group " + name + "@" + p[1] + " already exists");
            List<String> addresses = tx.checkGroupAddresses(p[1], spec.addresses() == null ? List.of() : spec.addresses());
            Group g = new Group(UUID.randomUUID().toString(), p[1], name, spec.description(), addresses,
                    tx.memberIds(p[1], spec.members() == null ? List.of() : spec.members()), spec.role());
            tx.groups.put(g.id(), g);
            tx.log(() -> ConfigLog.created(actor, "group " + g.address()));
            return g;
        });
    }

    public Group updateGroup(Actor actor, String address, GroupChange change) {
        return write(actor, tx -> {
            Group before = tx.groupByName(address);
            Group after = new Group(before.id(), before.domain(), before.name(),
                    Objects.requireNonNullElse(change.description(), before.description()),
                    change.addresses() == null ? before.addresses() : tx.checkGroupAddresses(before.domain(), change.addresses()),
                    change.members() == null ? before.members() : tx.memberIds(before.domain(), change.members()),
                    Objects.requireNonNullElse(change.role(), before.role()));
            tx.groups.put(after.id(), after);
            tx.log(() -> ConfigLog.changed(actor, "group " + after.address(), before, after));
            return after;
        });
    }

    public void removeGroup(Actor actor, String address) {
        write(actor, tx -> {
            Group g = tx.groupByName(address);
            tx.groups.remove(g.id());
            tx.log(() -> ConfigLog.removed(actor, "group " + g.address()));
            return null;
        });
    }

    // ---------------------------------------------------------------- aliases

    public Alias addAlias(Actor actor, NewAlias spec) {
        return write(actor, tx -> {
            if (spec.pattern() == null || spec.pattern().isBlank()) throw Problem.invalid("pattern", "an alias is required");
            String[] p = tx.qualifyNew("pattern", spec.pattern());
            String pattern = Names.aliasPattern("pattern", p[0]);
            String target = normalizeTarget(spec.target());
            Alias a = new Alias(UUID.randomUUID().toString(), p[1], pattern, target, spec.description());
            boolean duplicate = tx.aliases.values().stream()
                    .anyMatch(x -> x.domain().equals(a.domain()) && x.pattern().equals(pattern) && x.target().equalsIgnoreCase(target));
            if (duplicate) throw Problem.conflict("alias " + pattern + "@" + p[1] + " -> " + target + " already exists");
            tx.aliases.put(a.id(), a);
            // Refuse changes that make a loop of aliases only: expanding the new alias must
            // not come back to an alias already expanded (guide §22.2 loop protection).
            String probe = (a.isWildcard() ? a.target().contains("@") ? a.target() : a.target() + "@" + a.domain()
                    : pattern + "@" + a.domain());
            if (!probe.startsWith("#")) {
                Resolution r = AddressResolver.resolve(tx.snapshot(), probe);
                if (r.loop()) {
                    throw new Problem(Problem.Kind.INVALID, "alias " + pattern + "@" + a.domain() + " -> " + target
                            + " would create a loop: " + String.join(" | ", r.steps()),
                            List.of(new Problem.FieldError("target", "creates an alias loop")));
                }
            }
            tx.log(() -> ConfigLog.created(actor, "alias " + a.pattern() + "@" + a.domain() + " -> " + a.target()));
            return a;
        });
    }

    public void removeAlias(Actor actor, String id) {
        write(actor, tx -> {
            Alias a = tx.aliases.remove(id);
            if (a == null) throw Problem.notFound("alias " + id);
            tx.log(() -> ConfigLog.removed(actor, "alias " + a.pattern() + "@" + a.domain() + " -> " + a.target()));
            return null;
        });
    }

    private static String normalizeTarget(String raw) {
        if (raw == null || raw.isBlank()) throw Problem.invalid("target", "a target is required (user, group, alias, address or #public/Folder)");
        String t = raw.trim();
        if (t.toLowerCase(Locale.ROOT).startsWith("#public/")) {
            if (t.length() <= "#public/".length()) throw Problem.invalid("target", "name the public folder, e.g. #public/Info");
            return t;
        }
        String[] p = Names.split(t);
        String local = p[0];
        if (local.isEmpty() || local.length() > 64 || local.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';')) {
            throw Problem.invalid("target", "'" + raw + "' is not an address, a local name or #public/Folder");
        }
        return p[1] == null ? local : local + "@" + Names.domain("target", p[1]);
    }

    // ---------------------------------------------------------------- transactions

    private interface Body<T> { T apply(Transaction tx); }

    private <T> T write(Actor actor, Body<T> body) {
        lock.lock();
        try {
            Transaction tx = new Transaction(state);
            T result = body.apply(tx);
            List<MetadataStore.Change> changes = tx.changes(state);
            if (!changes.isEmpty()) store.write(changes);
            state = tx.snapshot();
            tx.logs.forEach(Runnable::run);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Mutable working copy of the maps; turned into records to write by diffing with the old state. */
    private final class Transaction {
        final Map<String, Domain> domains;
        final Map<String, User> users;
        final Map<String, Group> groups;
        final Map<String, Alias> aliases;
        final List<Runnable> logs = new ArrayList<>();
        final Set<String> createdGroups = new HashSet<>();

        Transaction(DirectoryState s) {
            this(s.domains, s.users, s.groups, s.aliases);
        }

        private Transaction(Map<String, Domain> d, Map<String, User> u, Map<String, Group> g, Map<String, Alias> a) {
            domains = new LinkedHashMap<>(d);
            users = new LinkedHashMap<>(u);
            groups = new LinkedHashMap<>(g);
            aliases = new LinkedHashMap<>(a);
        }

        Transaction copy() { return new Transaction(domains, users, groups, aliases); }

        void adopt(Transaction other) {
            replace(domains, other.domains);
            replace(users, other.users);
            replace(groups, other.groups);
            replace(aliases, other.aliases);
        }

        private static <V> void replace(Map<String, V> into, Map<String, V> from) {
            into.clear();
            into.putAll(from);
        }

        void log(Runnable r) { logs.add(r); }

        DirectoryState snapshot() { return new DirectoryState(domains.values(), users.values(), groups.values(), aliases.values()); }

        List<MetadataStore.Change> changes(DirectoryState old) {
            List<MetadataStore.Change> out = new ArrayList<>();
            diff(out, DOMAIN, old.domains, domains);
            diff(out, USER, old.users, users);
            diff(out, GROUP, old.groups, groups);
            diff(out, ALIAS, old.aliases, aliases);
            return out;
        }

        private static <V> void diff(List<MetadataStore.Change> out, String kind, Map<String, V> before, Map<String, V> after) {
            for (var e : after.entrySet()) {
                if (!e.getValue().equals(before.get(e.getKey()))) out.add(new MetadataStore.Put(kind, e.getKey(), Json.write(e.getValue())));
            }
            for (String k : before.keySet()) if (!after.containsKey(k)) out.add(new MetadataStore.Delete(kind, k));
        }

        Domain primary() {
            return domains.values().stream().filter(Domain::primary).findFirst()
                    .orElseThrow(() -> Problem.conflict("no domain exists yet; create one first"));
        }

        Domain domain(String name) {
            Domain d = domains.get(Names.domainKey(name));
            if (d == null) throw Problem.notFound("domain " + name);
            return d;
        }

        Optional<String> domainAliasOwner(String name) {
            return domains.values().stream().filter(d -> d.aliases().contains(name)).map(Domain::name).findFirst();
        }

        /** "name@domain" or a bare name in the primary domain; the domain must exist (not an alias). */
        String[] qualifyNew(String field, String address) {
            if (address == null || address.isBlank()) throw Problem.invalid(field, "a name is required");
            String[] p = Names.split(address);
            if (p[1] == null) p[1] = primary().name();
            if (!domains.containsKey(p[1])) {
                Optional<String> owner = domainAliasOwner(p[1]);
                throw owner.isPresent()
                        ? Problem.invalid(field, p[1] + " is an alias of " + owner.get() + "; use the domain itself")
                        : Problem.notFound("domain " + p[1]);
            }
            return p;
        }

        User user(String address) {
            String[] p = Names.split(address);
            String domain = p[1] == null ? primary().name() : p[1];
            return users.values().stream().filter(u -> u.domain().equals(domain) && u.name().equals(p[0])).findFirst()
                    .orElseThrow(() -> Problem.notFound("user " + address));
        }

        Optional<Group> groupByName(String name, String domain) {
            return groups.values().stream().filter(g -> g.domain().equals(domain) && g.name().equals(name)).findFirst();
        }

        Group groupByName(String address) {
            String[] p = Names.split(address);
            String domain = p[1] == null ? primary().name() : p[1];
            return groupByName(p[0], domain).orElseThrow(() -> Problem.notFound("group " + address));
        }

        User newUser(NewUser spec, boolean createMissingGroups) {
            String[] p = qualifyNew("address", spec.address());
            Domain d = domains.get(p[1]);
            String name = Names.localPart("name", p[0]);
            if (users.values().stream().anyMatch(u -> u.domain().equals(d.name()) && (u.name().equals(name) || u.addresses().contains(name)))) {
                throw Problem.conflict("user " + name + "@" + d.name() + " already exists");
            }
            String id = UUID.randomUUID().toString();
            List<String> addresses = checkAddresses(d.name(), spec.addresses() == null ? List.of() : spec.addresses(), id, name);
            String fullName = spec.fullName() == null ? "" : spec.fullName().trim();
            Credentials creds = Credentials.NONE;
            if (spec.password() != null && !spec.password().isEmpty()) {
                checkPassword(d, name, fullName, spec.password());
                creds = credentials.create(spec.password());
            }
            User u = new User(id, d.name(), name, fullName, spec.description(), addresses,
                    spec.enabled() == null || spec.enabled(), spec.role(), spec.accessPolicy(),
                    spec.quota() == null ? d.defaultQuota() : spec.quota(), creds, null, clock.instant(), null);
            users.put(id, u);
            if (spec.groups() != null && !spec.groups().isEmpty()) setGroupsOf(u, spec.groups(), createMissingGroups);
            return u;
        }

        void checkPassword(Domain d, String name, String fullName, String password) {
            if (password == null) throw Problem.invalid("password", "a password is required");
            List<String> v = d.passwordPolicy().violations(password, name, fullName, d.name());
            if (!v.isEmpty()) {
                throw new Problem(Problem.Kind.INVALID, "password " + String.join("; ", v),
                        v.stream().map(m -> new Problem.FieldError("password", m)).toList());
            }
        }

        /** Extra addresses of a user: valid local parts not used by another user of the domain. */
        List<String> checkAddresses(String domain, Collection<String> raw, String selfId, String selfName) {
            List<String> out = new ArrayList<>(checkGroupAddresses(domain, raw));
            out.remove(selfName);
            for (String a : out) {
                for (User other : users.values()) {
                    if (!other.id().equals(selfId) && other.domain().equals(domain) && (other.name().equals(a) || other.addresses().contains(a))) {
                        throw Problem.conflict("address " + a + "@" + domain + " already belongs to user " + other.address());
                    }
                }
            }
            return out;
        }

        /** Local parts in the domain, validated and without duplicates. */
        List<String> checkGroupAddresses(String domain, Collection<String> raw) {
            List<String> out = new ArrayList<>();
            for (String r : raw) {
                if (r == null || r.isBlank()) continue;
                String[] p = Names.split(r);
                if (p[1] != null && !p[1].equals(domain)) throw Problem.invalid("addresses", r + " is not in the domain " + domain);
                String a = Names.localPart("addresses", p[0]);
                if (!out.contains(a)) out.add(a);
            }
            return out;
        }

        List<String> memberIds(String domain, Collection<String> members) {
            List<String> ids = new ArrayList<>();
            for (String m : members) {
                String[] p = Names.split(m);
                String d = p[1] == null ? domain : p[1];
                if (!d.equals(domain)) throw Problem.invalid("members", m + ": members must be users of the domain " + domain);
                User u = users.values().stream().filter(x -> x.domain().equals(d) && x.name().equals(p[0])).findFirst()
                        .orElseThrow(() -> Problem.invalid("members", "no user " + p[0] + "@" + d));
                if (!ids.contains(u.id())) ids.add(u.id());
            }
            return ids;
        }

        void setGroupsOf(User u, List<String> groupNames, boolean createMissing) {
            Set<String> wanted = new HashSet<>();
            for (String raw : groupNames) {
                if (raw == null || raw.isBlank()) continue;
                String name = Names.localPart("groups", Names.split(raw)[0]);
                Group g = groupByName(name, u.domain()).orElse(null);
                if (g == null) {
                    if (!createMissing) throw Problem.invalid("groups", "no group " + name + "@" + u.domain());
                    g = new Group(UUID.randomUUID().toString(), u.domain(), name, "", List.of(), List.of(), AdminRole.NONE);
                    createdGroups.add(name);
                }
                wanted.add(g.id());
                groups.put(g.id(), g);
            }
            for (Group g : List.copyOf(groups.values())) {
                if (!g.domain().equals(u.domain())) continue;
                boolean member = g.members().contains(u.id());
                if (wanted.contains(g.id()) && !member) {
                    List<String> m = new ArrayList<>(g.members());
                    m.add(u.id());
                    groups.put(g.id(), g.withMembers(m));
                } else if (!wanted.contains(g.id()) && member) {
                    groups.put(g.id(), g.withMembers(g.members().stream().filter(x -> !x.equals(u.id())).toList()));
                }
            }
        }
    }
}
