package org.switchboard.web.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.switchboard.core.auth.PasswordPolicy;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.directory.Alias;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.Domain;
import org.switchboard.core.directory.DomainChange;
import org.switchboard.core.directory.Group;
import org.switchboard.core.directory.GroupChange;
import org.switchboard.core.directory.NewAlias;
import org.switchboard.core.directory.NewDomain;
import org.switchboard.core.directory.NewGroup;
import org.switchboard.core.directory.NewUser;
import org.switchboard.core.directory.Quota;
import org.switchboard.core.directory.Resolution;
import org.switchboard.core.directory.User;
import org.switchboard.core.directory.UserChange;
import org.switchboard.core.directory.UserCsv;
import org.switchboard.core.error.Problem;

/** Domains, users, groups, aliases, check-address and the user CSV import/export. */
final class DirectoryRoutes {
    record DomainView(String name, String description, boolean primary, List<String> aliases, int maxConcurrentUsers,
                      PasswordPolicy passwordPolicy, Quota defaultQuota, int users) {}

    record UserView(String id, String address, String domain, String name, String fullName, String description,
                    List<String> addresses, boolean enabled, AdminRole role, AdminRole effectiveRole, String accessPolicy,
                    Quota quota, List<String> groups, boolean hasPassword, Instant passwordChangedAt, List<String> extensions,
                    boolean archiveAccess) {}

    record GroupView(String address, String name, String domain, String description, List<String> addresses,
                     List<String> members, AdminRole role) {}

    record AliasView(String id, String alias, String domain, String pattern, String target, String description) {}

    record Rename(String newName) {}

    record Password(String password) {}

    record DomainAlias(String alias) {}

    private DirectoryRoutes() {}

    static List<Route> routes(ApiContext c) {
        Directory d = c.directory();
        return List.of(
                // ---- domains
                Route.get("/api/v1/domains").doc("domains", "List domains").returns(DomainView[].class).to(ex -> Reply.json(
                        d.domains().stream().filter(x -> ex.principal().canReadDomain(x.name())).map(x -> view(d, x)).toList())),
                Route.post("/api/v1/domains").access(Access.SERVER_WRITE).doc("domains", "Create a domain (the first one becomes primary)")
                        .body(NewDomain.class).returns(DomainView.class)
                        .to(ex -> Reply.json(201, view(d, d.addDomain(ex.actor(), ex.json(NewDomain.class))))),
                Route.get("/api/v1/domains/{domain}").doc("domains", "One domain").returns(DomainView.class).to(ex -> {
                    Domain x = d.requireDomain(ex.param("domain"));
                    ex.requireDomainRead(x.name());
                    return Reply.json(view(d, x));
                }),
                Route.patch("/api/v1/domains/{domain}").access(Access.SERVER_WRITE).doc("domains", "Change a domain's settings or aliases")
                        .body(DomainChange.class).returns(DomainView.class)
                        .to(ex -> Reply.json(view(d, d.updateDomain(ex.actor(), ex.param("domain"), ex.json(DomainChange.class))))),
                Route.delete("/api/v1/domains/{domain}").access(Access.SERVER_WRITE)
                        .doc("domains", "Remove a domain (not the primary one; it must have no users, groups or aliases)").to(ex -> {
                            d.removeDomain(ex.actor(), ex.param("domain"));
                            return Reply.noContent();
                        }),
                Route.post("/api/v1/domains/{domain}/rename").access(Access.SERVER_WRITE)
                        .doc("domains", "Rename a domain; the old name stays as a domain alias").body(Rename.class).returns(DomainView.class)
                        .to(ex -> Reply.json(view(d, d.renameDomain(ex.actor(), ex.param("domain"), ex.json(Rename.class).newName())))),
                Route.post("/api/v1/domains/{domain}/primary").access(Access.SERVER_WRITE).doc("domains", "Make this the primary domain")
                        .returns(DomainView.class).to(ex -> Reply.json(view(d, d.setPrimary(ex.actor(), ex.param("domain"))))),
                Route.post("/api/v1/domains/{domain}/aliases").access(Access.SERVER_WRITE).doc("domains", "Add a domain alias")
                        .body(DomainAlias.class).returns(DomainView.class).to(ex -> {
                            Domain x = d.requireDomain(ex.param("domain"));
                            List<String> aliases = new java.util.ArrayList<>(x.aliases());
                            aliases.add(ex.json(DomainAlias.class).alias());
                            return Reply.json(201, view(d, d.updateDomain(ex.actor(), x.name(), new DomainChange(null, null, null, null, aliases))));
                        }),
                Route.delete("/api/v1/domains/{domain}/aliases/{alias}").access(Access.SERVER_WRITE).doc("domains", "Remove a domain alias")
                        .to(ex -> {
                            Domain x = d.requireDomain(ex.param("domain"));
                            String a = ex.param("alias").toLowerCase(java.util.Locale.ROOT);
                            if (!x.aliases().contains(a)) throw Problem.notFound("domain alias " + a + " of " + x.name());
                            d.updateDomain(ex.actor(), x.name(), new DomainChange(null, null, null, null,
                                    x.aliases().stream().filter(y -> !y.equals(a)).toList()));
                            return Reply.noContent();
                        }),
                // ---- users
                Route.get("/api/v1/users").doc("users", "List users (?domain=)").returns(UserView[].class).to(ex -> {
                    String domain = ex.query("domain").map(x -> d.requireDomain(x).name()).orElse(null);
                    if (domain != null) ex.requireDomainRead(domain);
                    return Reply.json(d.users(domain).stream().filter(u -> ex.principal().canReadDomain(u.domain())).map(u -> view(d, u)).toList());
                }),
                Route.post("/api/v1/users").doc("users", "Create a user").body(NewUser.class).returns(UserView.class).to(ex -> {
                    NewUser spec = ex.json(NewUser.class);
                    ex.requireDomainWrite(domainOf(d, spec.address()));
                    checkRoleGrant(ex, spec.role());
                    return Reply.json(201, view(d, d.addUser(ex.actor(), spec)));
                }),
                Route.get("/api/v1/users/export").doc("users", "Export users as CSV in the import format (?domain=)").to(ex -> {
                    Domain x = ex.query("domain").map(d::requireDomain).or(d::primaryDomain)
                            .orElseThrow(() -> Problem.notFound("any domain"));
                    ex.requireDomainRead(x.name());
                    return Reply.download("text/csv", "users_" + x.name() + "_" + LocalDate.now(c.clock().instant().atZone(java.time.ZoneOffset.UTC).getZone()) + ".csv",
                            UserCsv.export(d.users(x.name()), d));
                }),
                Route.post("/api/v1/users/import").doc("users",
                                "Import users from CSV (Name;Password;FullName;Description;MailAddress;Groups). ?domain=D; ?partial=true imports the good rows only")
                        .body(String.class, "text/csv").returns(UserCsv.ImportReport.class).to(ex -> {
                            Domain x = ex.query("domain").map(d::requireDomain).or(d::primaryDomain)
                                    .orElseThrow(() -> Problem.conflict("no domain exists yet; create one first"));
                            ex.requireDomainWrite(x.name());
                            return Reply.json(d.importUsers(ex.actor(), x.name(), UserCsv.parse(ex.text()), ex.flag("partial")));
                        }),
                Route.get("/api/v1/users/{address}").doc("users", "One user").returns(UserView.class).to(ex -> {
                    User u = d.requireUser(ex.param("address"));
                    ex.requireDomainRead(u.domain());
                    return Reply.json(view(d, u));
                }),
                Route.patch("/api/v1/users/{address}").doc("users", "Change a user (enable/disable, names, addresses, quota, rights, policy, groups)")
                        .body(UserChange.class).returns(UserView.class).to(ex -> {
                            User u = d.requireUser(ex.param("address"));
                            ex.requireDomainWrite(u.domain());
                            UserChange ch = ex.json(UserChange.class);
                            checkNotAboveCaller(ex, d, u);
                            checkRoleGrant(ex, ch.role());
                            // The archive holds everyone's mail: only a whole-server administrator hands out reading it.
                            if (ch.archiveAccess() != null && ch.archiveAccess() != u.archiveAccess()
                                    && ex.principal().role() != AdminRole.SERVER_READ_WRITE) {
                                throw Problem.forbidden("only a whole-server read/write administrator can change the archive folders right");
                            }
                            if (Boolean.FALSE.equals(ch.enabled()) && u.id().equals(ex.principal().userId())) {
                                throw Problem.conflict("you cannot disable your own account");
                            }
                            if (ch.accessPolicy() != null && !c.policies().exists(ch.accessPolicy())) {
                                throw Problem.invalid("accessPolicy", "no access policy named " + ch.accessPolicy());
                            }
                            User after = d.updateUser(ex.actor(), u.address(), ch);
                            if (!after.enabled()) c.sessions().removeAll(after.address());
                            return Reply.json(view(d, after));
                        }),
                Route.delete("/api/v1/users/{address}").doc("users", "Remove a user").to(ex -> {
                    User u = d.requireUser(ex.param("address"));
                    ex.requireDomainWrite(u.domain());
                    checkNotAboveCaller(ex, d, u);
                    if (u.id().equals(ex.principal().userId())) throw Problem.conflict("you cannot remove your own account");
                    d.removeUser(ex.actor(), u.address());
                    c.sessions().removeAll(u.address());
                    return Reply.noContent();
                }),
                Route.post("/api/v1/users/{address}/password").doc("users", "Set a user's password (checked against the domain's password policy)")
                        .body(Password.class).to(ex -> {
                            User u = d.requireUser(ex.param("address"));
                            ex.requireDomainWrite(u.domain());
                            checkNotAboveCaller(ex, d, u);
                            d.setPassword(ex.actor(), u.address(), ex.json(Password.class).password());
                            return Reply.noContent();
                        }),
                // ---- groups
                Route.get("/api/v1/groups").doc("groups", "List groups (?domain=)").returns(GroupView[].class).to(ex -> {
                    String domain = ex.query("domain").map(x -> d.requireDomain(x).name()).orElse(null);
                    if (domain != null) ex.requireDomainRead(domain);
                    return Reply.json(d.groups(domain).stream().filter(g -> ex.principal().canReadDomain(g.domain())).map(g -> view(d, g)).toList());
                }),
                Route.post("/api/v1/groups").doc("groups", "Create a group").body(NewGroup.class).returns(GroupView.class).to(ex -> {
                    NewGroup spec = ex.json(NewGroup.class);
                    ex.requireDomainWrite(domainOf(d, spec.address()));
                    checkRoleGrant(ex, spec.role());
                    return Reply.json(201, view(d, d.addGroup(ex.actor(), spec)));
                }),
                Route.get("/api/v1/groups/{address}").doc("groups", "One group").returns(GroupView.class).to(ex -> {
                    Group g = d.requireGroup(ex.param("address"));
                    ex.requireDomainRead(g.domain());
                    return Reply.json(view(d, g));
                }),
                Route.patch("/api/v1/groups/{address}").doc("groups", "Change a group (members, addresses, rights)")
                        .body(GroupChange.class).returns(GroupView.class).to(ex -> {
                            Group g = d.requireGroup(ex.param("address"));
                            ex.requireDomainWrite(g.domain());
                            GroupChange ch = ex.json(GroupChange.class);
                            checkRoleGrant(ex, ch.role());
                            return Reply.json(view(d, d.updateGroup(ex.actor(), g.address(), ch)));
                        }),
                Route.delete("/api/v1/groups/{address}").doc("groups", "Remove a group").to(ex -> {
                    Group g = d.requireGroup(ex.param("address"));
                    ex.requireDomainWrite(g.domain());
                    d.removeGroup(ex.actor(), g.address());
                    return Reply.noContent();
                }),
                // ---- aliases
                Route.get("/api/v1/aliases").doc("aliases", "List aliases (?domain=)").returns(AliasView[].class).to(ex -> {
                    String domain = ex.query("domain").map(x -> d.requireDomain(x).name()).orElse(null);
                    if (domain != null) ex.requireDomainRead(domain);
                    return Reply.json(d.aliases(domain).stream().filter(a -> ex.principal().canReadDomain(a.domain())).map(DirectoryRoutes::view).toList());
                }),
                Route.post("/api/v1/aliases").doc("aliases", "Create an alias: pattern 'sales*@example.com' (? one character, * any run, * alone = catch-all), "
                                + "target user, group, alias, external address or #public/Folder")
                        .body(NewAlias.class).returns(AliasView.class).to(ex -> {
                            NewAlias spec = ex.json(NewAlias.class);
                            ex.requireDomainWrite(domainOf(d, spec.pattern()));
                            return Reply.json(201, view(d.addAlias(ex.actor(), spec)));
                        }),
                Route.delete("/api/v1/aliases/{id}").doc("aliases", "Remove an alias by id").to(ex -> {
                    Alias a = d.alias(ex.param("id")).orElseThrow(() -> Problem.notFound("alias " + ex.param("id")));
                    ex.requireDomainWrite(a.domain());
                    d.removeAlias(ex.actor(), a.id());
                    return Reply.noContent();
                }),
                Route.get("/api/v1/check-address").doc("aliases", "Where does an address end up? (?address=) Targets and the steps that led there")
                        .returns(Resolution.class).to(ex -> {
                            String address = ex.query("address").orElseThrow(() -> Problem.invalid("address", "add ?address=someone@example.com"));
                            return Reply.json(d.checkAddress(address));
                        }));
    }

    /** The domain an address names, checked to exist (bare names mean the primary domain). */
    private static String domainOf(Directory d, String address) {
        if (address == null || address.isBlank()) throw Problem.invalid("address", "an address is required");
        String[] p = org.switchboard.core.directory.Names.split(address);
        if (p[1] == null) return d.primaryDomain().orElseThrow(() -> Problem.conflict("no domain exists yet; create one first")).name();
        return d.domain(p[1]).map(Domain::name).orElseThrow(() -> Problem.notFound("domain " + p[1]));
    }

    /** Guide §15: you cannot change or delete a user with a higher level of admin rights. */
    private static void checkNotAboveCaller(Exchange ex, Directory d, User u) {
        if (d.effectiveRole(u).ordinal() > ex.principal().role().ordinal()) {
            throw Problem.forbidden("user " + u.address() + " has higher administration rights than you");
        }
    }

    private static void checkRoleGrant(Exchange ex, AdminRole role) {
        if (role != null && role.ordinal() > ex.principal().role().ordinal()) {
            throw Problem.forbidden("you cannot grant rights (" + role + ") above your own");
        }
    }

    static DomainView view(Directory d, Domain x) {
        return new DomainView(x.name(), x.description(), x.primary(), x.aliases(), x.maxConcurrentUsers(), x.passwordPolicy(),
                x.defaultQuota(), d.users(x.name()).size());
    }

    static UserView view(Directory d, User u) {
        return new UserView(u.id(), u.address(), u.domain(), u.name(), u.fullName(), u.description(), u.addresses(), u.enabled(),
                u.role(), d.effectiveRole(u), u.accessPolicy(), u.quota(), d.groupsOf(u).stream().map(Group::name).sorted().toList(),
                u.credentials().hasPassword(), u.credentials().changedAt(), u.phone().extensions(), u.archiveAccess());
    }

    static GroupView view(Directory d, Group g) {
        return new GroupView(g.address(), g.name(), g.domain(), g.description(), g.addresses(),
                g.members().stream().map(id -> d.userById(id).map(User::address).orElse(id)).toList(), g.role());
    }

    static AliasView view(Alias a) {
        return new AliasView(a.id(), a.pattern() + "@" + a.domain(), a.domain(), a.pattern(), a.target(), a.description());
    }
}
