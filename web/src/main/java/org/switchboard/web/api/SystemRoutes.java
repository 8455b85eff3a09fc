package org.switchboard.web.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.auth.Lockout;
import org.switchboard.core.error.Problem;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.settings.Section;
import org.switchboard.core.tls.CertificateInfo;

/** Settings sections, security (blocks, unlock-all, built-in admin), services and logs. */
final class SystemRoutes {
    record Blocked(List<Lockout.Block> blocks, List<Lockout.AccountLock> accounts) {}

    record Unlocked(int lifted) {}

    record Password(String password) {}

    record LogLines(String log, List<String> lines) {}

    private SystemRoutes() {}

    static List<Route> routes(ApiContext c) {
        return List.of(
                Route.get("/api/v1/settings").access(Access.SERVER_READ).doc("settings", "All settings sections").to(ex -> {
                    Map<String, Object> all = new LinkedHashMap<>();
                    for (Section<?> s : c.settings().sections()) all.put(s.name(), c.settings().get(s.name()));
                    return Reply.json(all);
                }),
                Route.get("/api/v1/settings/{section}").access(Access.SERVER_READ)
                        .doc("settings", "One settings section (server, admin, security, services, logs)")
                        .to(ex -> Reply.json(c.settings().get(ex.param("section")))),
                Route.put("/api/v1/settings/{section}").access(Access.SERVER_WRITE)
                        .doc("settings", "Replace a settings section; validated as a whole, logged in the Config log")
                        .to(ex -> Reply.json(c.settings().updateJson(ex.actor(), ex.param("section"), ex.text()))),
                Route.get("/api/v1/security/blocked").access(Access.SERVER_READ)
                        .doc("security", "IP addresses blocked and accounts locked by password-guessing protection").returns(Blocked.class)
                        .to(ex -> Reply.json(new Blocked(c.auth().lockout().blocks(), c.auth().lockout().accountLocks()))),
                Route.post("/api/v1/security/unlock-all").access(Access.SERVER_WRITE)
                        .doc("security", "Lift every IP block and account lock now").returns(Unlocked.class).to(ex -> {
                            int n = c.auth().lockout().unlockAll();
                            org.switchboard.core.ConfigLog.action(ex.actor(), "unlock all: " + n + " block(s) and lock(s) lifted");
                            LogKind.SECURITY.log("All IP blocks and account locks lifted by {}", ex.actor());
                            return Reply.json(new Unlocked(n));
                        }),
                Route.post("/api/v1/security/admin-password").access(Access.SERVER_WRITE)
                        .doc("security", "Set the built-in administrator's password").body(Password.class).to(ex -> {
                            c.auth().setBuiltinAdminPassword(ex.actor(), ex.json(Password.class).password());
                            c.sessions().removeAll("Admin");
                            return Reply.noContent();
                        }),
                Route.get("/api/v1/certificate").access(Access.SERVER_READ).doc("security", "The server's TLS certificate")
                        .returns(CertificateInfo.class).to(ex -> Reply.json(c.certificates().info())),
                Route.post("/api/v1/certificate/self-signed").access(Access.SERVER_WRITE)
                        .doc("security", "Issue a new self-signed certificate for the server's host name; new connections get it at once")
                        .returns(CertificateInfo.class).to(ex -> Reply.json(c.certificates().regenerateSelfSigned(ex.actor()))),
                Route.get("/api/v1/services").access(Access.SERVER_READ).doc("services", "Services: enabled, listening, connections")
                        .returns(ApiContext.ServiceStatus[].class).to(ex -> Reply.json(c.services().get())),
                Route.get("/api/v1/logs").access(Access.SERVER_READ).doc("logs", "The log kinds").to(ex -> Reply.json(
                        Arrays.stream(LogKind.values()).map(LogKind::file).toList())),
                Route.get("/api/v1/logs/{log}").access(Access.SERVER_READ)
                        .doc("logs", "The last lines of a log (?lines=200), or matches of ?search= (with &regex=true)").returns(LogLines.class)
                        .to(ex -> {
                            LogKind k = kind(ex.param("log"));
                            int lines = ex.intQuery("lines", 200, 1, 10_000);
                            List<String> out;
                            try {
                                out = ex.query("search").isPresent()
                                        ? c.logs().search(k, ex.query("search").get(), ex.flag("regex"), lines)
                                        : c.logs().tail(k, lines);
                            } catch (IllegalArgumentException badPattern) {
                                throw Problem.invalid("search", badPattern.getMessage());
                            }
                            return Reply.json(new LogLines(k.file(), out));
                        }),
                Route.delete("/api/v1/logs/{log}").access(Access.SERVER_WRITE).doc("logs", "Clear a log").to(ex -> {
                    LogKind k = kind(ex.param("log"));
                    c.logs().clear(k);
                    org.switchboard.core.ConfigLog.action(ex.actor(), "log " + k.file() + " cleared");
                    return Reply.noContent();
                }));
    }

    private static LogKind kind(String name) {
        try {
            return LogKind.byFile(name);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("log " + name);
        }
    }
}
