package org.switchboard.web.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;
import org.switchboard.web.api.Reply;
import org.switchboard.web.api.Sessions;

/**
 * Log in and out. The login form is protected against login CSRF by a token that must match
 * a cookie set with the form; the password check is the API's login route (AuthService with
 * Protocol.ADMIN: lockout, access policy, Security log). A successful login gets a new token.
 */
final class LoginPage {
    record View(String token, String user, String message, String error) {}

    private LoginPage() {}

    static Outcome handle(Console c, Request request, String method, InetAddress remote, Map<String, String> headers) throws Exception {
        String existing = Console.cookie(request, Console.SESSION_COOKIE);
        if ("GET".equals(method)) {
            if (existing != null && c.ctx().sessions().peek(existing, remote).isPresent()) return new Outcome.Redirect("/admin");
            String reason = Form.parse(request.getHttpURI().getQuery()).get("reason");
            String message = switch (reason) {
                case "expired" -> "Your session has ended (idle too long, too old, or your address changed). Please log in again.";
                case "logout" -> "You have logged out.";
                case "setup" -> "The server is set up. Log in again with the new administrator password.";
                default -> null;
            };
            return form(c, headers, "", message, null, 200);
        }
        if (!"POST".equals(method)) throw new Problem(Problem.Kind.METHOD_NOT_ALLOWED, "the login page accepts GET and POST");
        Form form = c.readForm(request);
        if (!Console.sameToken(form.raw("_csrf"), Console.cookie(request, Console.LOGIN_COOKIE))) {
            LogKind.SECURITY.log("Console login from {} refused: login form token missing or wrong", remote.getHostAddress());
            return c.error(null, 403, "Forbidden", "The login form is missing its security token or it is out of date. "
                    + "Open the login page again and retry.");
        }
        String user = form.get("user");
        Reply r;
        try {
            r = c.api().invoke(null, null, remote, "POST", "/api/v1/login", Map.of("user", user, "password", form.raw("password")));
        } catch (Problem p) {
            int status = p.kind() == Problem.Kind.INVALID ? 400 : p.kind().status;
            return form(c, headers, user, null, p.getMessage(), status);
        }
        if (existing != null) c.ctx().sessions().remove(existing);
        JsonNode reply = Json.MAPPER.readTree(r.body());
        String token = reply.get("token").asText();
        headers.put("Set-Cookie", Console.sessionCookie(Console.SESSION_COOKIE, token, "/admin") + "\n"
                + Console.clearCookie(Console.LOGIN_COOKIE, "/admin/login"));
        Optional<Sessions.Session> s = c.ctx().sessions().peek(token, remote);
        boolean setup = s.isPresent() && s.get().principal().canWriteServer() && c.ctx().directory().domains().isEmpty();
        return new Outcome.Redirect(setup ? "/admin/setup" : "/admin");
    }

    private static Outcome form(Console c, Map<String, String> headers, String user, String message, String error, int status) {
        String token = c.ctx().sessions().randomToken();
        headers.put("Set-Cookie", Console.sessionCookie(Console.LOGIN_COOKIE, token, "/admin/login"));
        View v = new View(token, user, message, error);
        Frame f = c.anonymousFrame("Log in");
        return Outcome.page(status, out -> JteloginGenerated.render(out, null, f, v));
    }

    static Outcome logout(Console c, Sessions.Session session, InetAddress remote, Map<String, String> headers) throws Exception {
        c.api().invoke(session.principal(), session.token(), remote, "POST", "/api/v1/logout", null);
        c.takeNotice(session.token());
        headers.put("Set-Cookie", Console.clearCookie(Console.SESSION_COOKIE, "/admin"));
        return new Outcome.Redirect("/admin/login?reason=logout");
    }
}
