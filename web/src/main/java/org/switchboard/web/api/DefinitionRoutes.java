package org.switchboard.web.api;

import java.util.List;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.definitions.IpGroup;
import org.switchboard.core.definitions.TimeRange;
import org.switchboard.core.error.Problem;

/** The shared definitions: IP address groups, time ranges and user access policies. */
final class DefinitionRoutes {
    private DefinitionRoutes() {}

    static List<Route> routes(ApiContext c) {
        return List.of(
                Route.get("/api/v1/ipgroups").access(Access.SERVER_READ).doc("definitions", "List IP address groups")
                        .returns(IpGroup[].class).to(ex -> Reply.json(c.ipGroups().list())),
                Route.get("/api/v1/ipgroups/{name}").access(Access.SERVER_READ).doc("definitions", "One IP address group")
                        .returns(IpGroup.class).to(ex -> Reply.json(c.ipGroups().get(ex.param("name"))
                                .orElseThrow(() -> Problem.notFound("IP address group " + ex.param("name"))))),
                Route.put("/api/v1/ipgroups/{name}").access(Access.SERVER_WRITE)
                        .doc("definitions", "Create or replace an IP address group (entries: host, a-b range, CIDR, group:Name)")
                        .body(IpGroup.class).returns(IpGroup.class).to(ex -> {
                            IpGroup g = ex.json(IpGroup.class);
                            return Reply.json(c.ipGroups().put(ex.actor(), new IpGroup(ex.param("name"), g.description(),
                                    g.entries() == null ? List.of() : g.entries())));
                        }),
                Route.delete("/api/v1/ipgroups/{name}").access(Access.SERVER_WRITE).doc("definitions", "Remove an IP address group").to(ex -> {
                    c.ipGroups().remove(ex.actor(), ex.param("name"));
                    return Reply.noContent();
                }),
                Route.get("/api/v1/timeranges").access(Access.SERVER_READ).doc("definitions", "List time ranges")
                        .returns(TimeRange[].class).to(ex -> Reply.json(c.timeRanges().list())),
                Route.get("/api/v1/timeranges/{name}").access(Access.SERVER_READ).doc("definitions", "One time range")
                        .returns(TimeRange.class).to(ex -> Reply.json(c.timeRanges().get(ex.param("name"))
                                .orElseThrow(() -> Problem.notFound("time range " + ex.param("name"))))),
                Route.put("/api/v1/timeranges/{name}").access(Access.SERVER_WRITE)
                        .doc("definitions", "Create or replace a time range (DAILY, WEEKLY or ABSOLUTE intervals)")
                        .body(TimeRange.class).returns(TimeRange.class).to(ex -> {
                            TimeRange t = ex.json(TimeRange.class);
                            return Reply.json(c.timeRanges().put(ex.actor(), new TimeRange(ex.param("name"), t.description(),
                                    t.intervals() == null ? List.of() : t.intervals())));
                        }),
                Route.delete("/api/v1/timeranges/{name}").access(Access.SERVER_WRITE).doc("definitions", "Remove a time range").to(ex -> {
                    c.timeRanges().remove(ex.actor(), ex.param("name"));
                    return Reply.noContent();
                }),
                Route.get("/api/v1/access-policies").access(Access.ADMIN).doc("definitions", "List user access policies")
                        .returns(AccessPolicy[].class).to(ex -> Reply.json(c.policies().list())),
                Route.get("/api/v1/access-policies/{name}").access(Access.ADMIN).doc("definitions", "One user access policy")
                        .returns(AccessPolicy.class).to(ex -> Reply.json(c.policies().get(ex.param("name")))),
                Route.put("/api/v1/access-policies/{name}").access(Access.SERVER_WRITE)
                        .doc("definitions", "Create or replace an access policy: per protocol ALLOW, ALLOW_FROM_GROUP or DENY")
                        .body(AccessPolicy.class).returns(AccessPolicy.class).to(ex -> {
                            AccessPolicy p = ex.json(AccessPolicy.class);
                            return Reply.json(c.policies().put(ex.actor(), new AccessPolicy(ex.param("name"), p.rules(), p.others())));
                        }),
                Route.delete("/api/v1/access-policies/{name}").access(Access.SERVER_WRITE).doc("definitions", "Remove an access policy")
                        .to(ex -> {
                            c.policies().remove(ex.actor(), ex.param("name"));
                            return Reply.noContent();
                        }));
    }
}
