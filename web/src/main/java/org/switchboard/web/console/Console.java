package org.switchboard.web.console;

import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.switchboard.core.error.Problem;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.settings.AdminSettings;
import org.switchboard.web.api.ApiContext;
import org.switchboard.web.api.ApiHandler;
import org.switchboard.web.api.Reply;
import org.switchboard.web.api.Route;
import org.switchboard.web.api.Sessions;

/**
 * The web administration console at /admin: server-rendered pages (compiled jte templates)
 * made lively with htmx. Sessions are the API's sessions, carried in a Secure, HttpOnly,
 * SameSite=Strict cookie; every POST must carry the session's CSRF token; every change runs
 * through the API's route handlers. Runs on Jetty's virtual threads, so actions block freely.
 */
public final class Console extends Handler.Abstract {
    static final String SESSION_COOKIE = "sb_session";
    static final String LOGIN_COOKIE = "sb_login";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final ApiContext ctx;
    private final ApiHandler api;
    private final Sampler sampler;
    private final String version;
    private final List<ConsoleRoute> routes = new ArrayList<>();
    private final Map<String, String> notices = new ConcurrentHashMap<>();
    private final Map<String, Reply> statics = new HashMap<>();
    private final Set<String> apiPaths;

    public Console(ApiContext ctx, ApiHandler api, Sampler sampler, String version) {
        this.ctx = ctx;
        this.api = api;
        this.sampler = sampler;
        this.version = version;
        this.apiPaths = api.routes().stream().map(Route::path).collect(Collectors.toUnmodifiableSet());
        routes.addAll(StatusPages.routes());
        routes.addAll(SetupPages.routes());
        routes.addAll(DomainPages.routes());
        routes.addAll(UserPages.routes());
        routes.addAll(TelephonyPages.routes());
        routes.addAll(GroupPages.routes());
        routes.addAll(AliasPages.routes());
        routes.addAll(DefinitionPages.routes());
        routes.addAll(ConfigurationPages.routes());
        routes.addAll(MailPages.routes());
        routes.addAll(SmtpPages.routes());
        routes.addAll(ArchivePages.routes());
        routes.addAll(DeliveryPages.routes());
        routes.addAll(ListPages.routes());
        routes.addAll(RulePages.routes());
        routes.addAll(LogPages.routes());
        statics.put("/admin/static/console.css", resource("console.css", "text/css; charset=utf-8"));
        statics.put("/admin/static/console.js", resource("console.js", "text/javascript; charset=utf-8"));
        statics.put("/admin/static/htmx.min.js", htmx());
    }

    ApiContext ctx() { return ctx; }

    ApiHandler api() { return api; }

    Sampler sampler() { return sampler; }

    String version() { return version; }

    /** Whether the API has a route with this path template (services like the exchange are wired in by the app). */
    boolean offers(String apiPath) { return apiPaths.contains(apiPath); }

    void notice(String token, String text) {
        if (notices.size() > 10_000) notices.clear();   // only abandoned sessions leave entries behind
        notices.put(token, text);
    }

    String takeNotice(String token) { return notices.remove(token); }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String raw = request.getHttpURI().getPath();
        String path = "/admin/".equals(raw) ? "/admin" : raw;
        String method = request.getMethod();
        Reply st = statics.get(path);
        if (st != null && "GET".equals(method)) {
            write(response, callback, st, Map.of("Cache-Control", "public, max-age=3600"));
            return true;
        }
        Sessions.Session[] session = new Sessions.Session[1];
        Map<String, String> headers = new LinkedHashMap<>();
        Outcome out;
        try {
            out = dispatch(request, method, path, session, headers);
        } catch (Problem p) {
            out = error(session[0], p.kind().status, p.kind().title, p.getMessage());
        } catch (Exception e) {
            LogKind.ERROR.log("console {} {} failed: {}", method, path, e.toString());
            org.slf4j.LoggerFactory.getLogger("switchboard.error").error("console failure", e);
            out = error(session[0], 500, "Something went wrong", "The server could not complete this request. Nothing was changed by it; "
                    + "the details are in the Error log.");
        }
        ApiHandler.drain(request);
        send(response, callback, out, headers);
        return true;
    }

    private Outcome dispatch(Request request, String method, String path, Sessions.Session[] current, Map<String, String> headers)
            throws Exception {
        InetAddress remote = InetAddress.getByName(Request.getRemoteAddr(request));
        if ("/admin/login".equals(path)) return LoginPage.handle(this, request, method, remote, headers);
        Map<String, String> params = new HashMap<>();
        ConsoleRoute route = find(method, path, params);
        boolean htmx = request.getHeaders().get("HX-Request") != null;
        String token = cookie(request, SESSION_COOKIE);
        Optional<Sessions.Session> s = token == null ? Optional.empty()
                : route != null && !route.activity() ? ctx.sessions().peek(token, remote) : ctx.sessions().touch(token, remote);
        if (s.isEmpty()) {
            String to = "/admin/login" + (token != null ? "?reason=expired" : "");
            if (token != null) headers.put("Set-Cookie", clearCookie(SESSION_COOKIE, "/admin"));
            if (htmx) {
                headers.put("HX-Redirect", to);
                return new Outcome.Raw(Reply.noContent());
            }
            return new Outcome.Redirect(to);
        }
        Sessions.Session session = s.get();
        current[0] = session;
        boolean logout = "/admin/logout".equals(path) && "POST".equals(method);
        if (route == null && !logout) throw Problem.notFound("the page " + path);
        if (route != null) ApiHandler.requireAccess(route.access(), session.principal());
        Form form = Form.EMPTY;
        if ("POST".equals(method)) {
            form = readForm(request);
            String sent = form.has("_csrf") ? form.raw("_csrf") : request.getHeaders().get("X-CSRF-Token");
            if (!sameToken(sent, session.csrf())) {
                LogKind.SECURITY.log("Console POST {} from {} by {} refused: CSRF token {}", path, remote.getHostAddress(),
                        session.principal().login(), sent == null ? "missing" : "wrong");
                return error(session, 403, "Forbidden", "This form is missing its security token or it is out of date, so nothing was "
                        + "changed. Go back, reload the page and try again.");
            }
            if (logout) return LoginPage.logout(this, session, remote, headers);
        }
        Call call = new Call(this, session, remote, params, Form.parse(request.getHttpURI().getQuery()), form, htmx);
        return route.action().run(call);
    }

    /** Routes are looked up before the session so background refreshes can be told apart. */
    private ConsoleRoute find(String method, String path, Map<String, String> params) {
        String[] parts = path.substring(1).split("/", -1);
        boolean known = false;
        for (ConsoleRoute r : routes) {
            params.clear();
            if (matches(r.segments(), parts, params)) {
                known = true;
                if (r.method().equals(method)) return r;
            }
        }
        if (known) throw new Problem(Problem.Kind.METHOD_NOT_ALLOWED, "this page does not accept " + method + " requests");
        return null;
    }

    private static boolean matches(List<String> tpl, String[] parts, Map<String, String> params) {
        if (parts.length != tpl.size()) return false;
        for (int i = 0; i < parts.length; i++) {
            String t = tpl.get(i);
            if (t.startsWith("{")) {
                String v;
                try {
                    v = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return false;
                }
                if (v.isEmpty()) return false;
                params.put(t.substring(1, t.length() - 1), v);
            } else if (!t.equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    Form readForm(Request request) throws IOException {
        byte[] b = ApiHandler.readLimited(request, ctx.settings().get(AdminSettings.SECTION).maxRequestBytes());
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (b.length > 0 && (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            return Form.EMPTY;   // not a console form: it carries no CSRF token either, and is refused as such
        }
        return Form.parse(new String(b, StandardCharsets.UTF_8));
    }

    static boolean sameToken(String sent, String expected) {
        return sent != null && expected != null
                && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static String cookie(Request request, String name) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(name) && !c.getValue().isEmpty()) return c.getValue();
        }
        return null;
    }

    static String sessionCookie(String name, String value, String path) {
        return name + "=" + value + "; Path=" + path + "; Secure; HttpOnly; SameSite=Strict";
    }

    static String clearCookie(String name, String path) {
        return name + "=; Path=" + path + "; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
    }

    Outcome error(Sessions.Session session, int status, String title, String message) {
        Frame f = session == null ? anonymousFrame(title)
                : new Call(this, session, InetAddress.getLoopbackAddress(), Map.of(), Form.EMPTY, Form.EMPTY, false).frame(title, null);
        return Outcome.page(status, out -> JteerrorGenerated.render(out, null, f, status, message));
    }

    Frame anonymousFrame(String title) { return new Frame(title, null, List.of(), null, null, null, null, version); }

    private void send(Response response, Callback callback, Outcome out, Map<String, String> headers) {
        switch (out) {
            case Outcome.Page p -> {
                StringOutput so = new StringOutput();
                p.view().render(new OwaspHtmlTemplateOutput(so));
                write(response, callback, Reply.text(p.status(), "text/html; charset=utf-8", so.toString()), headers);
            }
            case Outcome.Redirect r -> {
                Map<String, String> h = new LinkedHashMap<>(headers);
                h.put("Location", r.location());
                write(response, callback, new Reply(303, null, new byte[0], Map.of()), h);
            }
            case Outcome.Raw r -> write(response, callback, r.reply(), headers);
        }
    }

    private static void write(Response response, Callback callback, Reply reply, Map<String, String> headers) {
        response.setStatus(reply.status());
        var h = response.getHeaders();
        if (reply.contentType() != null) h.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "same-origin");
        h.put("Content-Security-Policy", CSP);
        reply.headers().forEach(h::put);
        headers.forEach((k, v) -> {
            if (k.equals("Set-Cookie")) for (String c : v.split("\n")) h.add(k, c);
            else h.put(k, v);
        });
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    private static Reply resource(String name, String type) {
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("console resource " + name + " is missing from the build");
            return new Reply(200, type, in.readAllBytes(), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read console resource " + name, e);
        }
    }

    /** htmx from its WebJar; the version comes from the WebJar's own Maven metadata. */
    private static Reply htmx() {
        ClassLoader cl = Console.class.getClassLoader();
        Properties p = new Properties();
        try (InputStream in = cl.getResourceAsStream("META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            if (in == null) throw new IllegalStateException("the htmx WebJar is missing from the class path");
            p.load(in);
            try (InputStream js = cl.getResourceAsStream("META-INF/resources/webjars/htmx.org/" + p.getProperty("version") + "/dist/htmx.min.js")) {
                if (js == null) throw new IllegalStateException("htmx.min.js is missing from the htmx WebJar");
                return new Reply(200, "text/javascript; charset=utf-8", js.readAllBytes(), Map.of());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the htmx WebJar", e);
        }
    }
}
