package org.switchboard.web.api;

import java.time.Instant;
import java.util.List;
import org.switchboard.core.auth.AccessPolicy;
import org.switchboard.core.auth.AuthResult;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.error.Problem;

/** Login, logout and "who am I" for the admin API. */
final class SessionRoutes {
    record LoginRequest(String user, String password) {}

    record LoginReply(String token, String user, AdminRole role, String domain, Instant expiresAt) {}

    record WhoAmI(String user, AdminRole role, String domain, boolean builtinAdmin) {}

    private SessionRoutes() {}

    static List<Route> routes(ApiContext c) {
        return List.of(
                Route.post("/api/v1/login").access(Access.PUBLIC).doc("session", "Log in; returns a bearer token")
                        .body(LoginRequest.class).returns(LoginReply.class).to(ex -> {
                            LoginRequest r = ex.json(LoginRequest.class);
                            AuthResult result = c.auth().authenticate("admin", AccessPolicy.Protocol.ADMIN, ex.remote(), r.user(), r.password());
                            if (result instanceof AuthResult.Failure f) {
                                throw switch (f.reason()) {
                                    case BLOCKED -> new Problem(Problem.Kind.BLOCKED,
                                            "too many failed logins from " + ex.remote().getHostAddress() + "; try again later");
                                    case DISABLED -> new Problem(Problem.Kind.UNAUTHORIZED, "the account is disabled");
                                    case ACCOUNT_LOCKED -> new Problem(Problem.Kind.BLOCKED, "the account is locked after repeated failed logins; try again later");
                                    case POLICY_DENIED -> Problem.forbidden("the access policy does not allow administration from this address");
                                    case PASSWORD_EXPIRED -> new Problem(Problem.Kind.UNAUTHORIZED, "the password has expired; ask an administrator to reset it");
                                    default -> new Problem(Problem.Kind.UNAUTHORIZED, "wrong user name or password");
                                };
                            }
                            Principal p = ((AuthResult.Success) result).principal();
                            if (!p.isAdmin()) {
                                c.auth().fail("admin", ex.remote(), p.login(), p.login(), AuthResult.Reason.NOT_ADMIN, false);
                                throw Problem.forbidden("the account " + p.login() + " has no administration rights");
                            }
                            Sessions.Session s = c.sessions().create(p, ex.remote());
                            return Reply.json(new LoginReply(s.token(), p.login(), p.role(), p.domain(), c.sessions().expiresAt(s)));
                        }),
                Route.post("/api/v1/logout").doc("session", "End this session").to(ex -> {
                    c.sessions().remove(ex.token());
                    return Reply.noContent();
                }),
                Route.get("/api/v1/whoami").doc("session", "The logged-in administrator and their rights").returns(WhoAmI.class)
                        .to(ex -> Reply.json(new WhoAmI(ex.principal().login(), ex.principal().role(), ex.principal().domain(),
                                ex.principal().isBuiltinAdmin()))));
    }
}
