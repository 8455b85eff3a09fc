package org.switchboard.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.error.Problem;
import org.switchboard.core.log.LogKind;

/**
 * The REST API's front door on Jetty: finds the route, enforces the body size limit, resolves
 * the bearer token to a session and checks the route's access level, runs the handler, and
 * turns every {@link Problem} (and every unexpected exception) into an RFC 9457 document.
 * Runs on a virtual thread per request, so handlers block freely.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final long DRAIN_LIMIT = 16L << 20;
    private final List<Route> routes;
    private final Sessions sessions;
    private final IntSupplier maxBodyBytes;

    public ApiHandler(List<Route> routes, Sessions sessions, IntSupplier maxBodyBytes) {
        this.routes = List.copyOf(routes);
        this.sessions = sessions;
        this.maxBodyBytes = maxBodyBytes;
    }

    public List<Route> routes() { return routes; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Reply reply;
        try {
            reply = dispatch(request, method, path == null ? "/" : path);
        } catch (Problem p) {
            reply = problem(p, path);
        } catch (Exception e) {
            LogKind.ERROR.log("API {} {} failed: {}", method, path, e.toString());
            org.slf4j.LoggerFactory.getLogger("switchboard.error").error("API failure", e);
            reply = problem(new Problem(Problem.Kind.INTERNAL, "internal error; details are in the Error log"), path);
        }
        drain(request);
        send(response, reply, callback);
        return true;
    }

    private Reply dispatch(Request request, String method, String path) throws Exception {
        Map<String, String> params = new HashMap<>();
        Route route = find(method, path, params);
        InetAddress remote = InetAddress.getByName(Request.getRemoteAddr(request));
        String token = bearer(request);
        Principal principal = null;
        if (route.access() != Access.PUBLIC || token != null) {
            Optional<Sessions.Session> s = token == null ? Optional.empty() : sessions.touch(token, remote);
            if (s.isEmpty() && route.access() != Access.PUBLIC) {
                throw new Problem(Problem.Kind.UNAUTHORIZED, token == null
                        ? "log in first: POST /api/v1/login, then send 'Authorization: Bearer <token>'"
                        : "the session has expired or was ended; log in again");
            }
            principal = s.map(Sessions.Session::principal).orElse(null);
        }
        if (principal != null) requireAccess(route.access(), principal);
        byte[] body = readBody(request);
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        Exchange ex = new Exchange(method, path, Map.copyOf(params), query(request.getHttpURI().getQuery()), body, ct, remote, principal, token);
        return route.handler().handle(ex);
    }

    /**
     * Runs a route in-process for the console, with the same access check and handler as over
     * HTTP: the console has no second path around the API's rules. {@code principal} is null only
     * for public routes (login); {@code token} is the caller's session. Problems propagate.
     */
    public Reply invoke(Principal principal, String token, InetAddress remote, String method, String pathAndQuery, Object jsonBody)
            throws Exception {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> params = new HashMap<>();
        Route route = find(method, path, params);
        if (route.access() != Access.PUBLIC) {
            if (principal == null) throw new Problem(Problem.Kind.UNAUTHORIZED, "log in first");
            requireAccess(route.access(), principal);
        }
        byte[] body = jsonBody == null ? new byte[0] : org.switchboard.core.json.Json.write(jsonBody).getBytes(StandardCharsets.UTF_8);
        Exchange ex = new Exchange(method, path, Map.copyOf(params), query(q < 0 ? null : pathAndQuery.substring(q + 1)), body,
                jsonBody == null ? null : "application/json", remote, principal, token);
        return route.handler().handle(ex);
    }

    private Route find(String method, String path, Map<String, String> params) {
        boolean pathKnown = false;
        for (Route r : routes) {
            params.clear();
            if (matches(r, path, params)) {
                pathKnown = true;
                if (r.method().equals(method)) return r;
            }
        }
        if (pathKnown) throw new Problem(Problem.Kind.METHOD_NOT_ALLOWED, "method " + method + " is not allowed on " + path);
        throw Problem.notFound("API path " + path);
    }

    /** The access level check every route (and every console page) passes before it runs. */
    public static void requireAccess(Access access, Principal p) {
        switch (access) {
            case PUBLIC -> { }
            case ADMIN -> { if (!p.isAdmin()) throw Problem.forbidden("this account has no administration rights"); }
            case SERVER_READ -> { if (!p.canReadServer()) throw Problem.forbidden("this needs whole-server administration rights"); }
            case SERVER_WRITE -> {
                if (p.canReadServer() && !p.canWriteServer()) throw Exchange.readOnly();
                if (!p.canWriteServer()) throw Problem.forbidden("this needs whole-server read/write administration rights");
            }
        }
    }

    private static boolean matches(Route r, String path, Map<String, String> params) {
        List<String> tpl = r.segments();
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != tpl.size()) return false;
        for (int i = 0; i < parts.length; i++) {
            String t = tpl.get(i);
            if (t.startsWith("{")) {
                String v = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
                if (v.isEmpty()) return false;
                params.put(t.substring(1, t.length() - 1), v);
            } else if (!t.equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    private static String bearer(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String t = h.substring(7).trim();
        return t.isEmpty() ? null : t;
    }

    private byte[] readBody(Request request) throws IOException { return readLimited(request, maxBodyBytes.getAsInt()); }

    /** The request body, at most {@code max} bytes; a larger one is a 413. */
    public static byte[] readLimited(Request request, int max) throws IOException {
        if (request.getLength() > max) throw tooLarge(max);
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) throw tooLarge(max);
            return b;
        }
    }

    /**
     * Reads and drops what is left of a request body (up to 16 MiB) before the answer goes out:
     * a client still sending when refused early (no session, no rights, too large) then reads the
     * answer instead of a reset connection. Larger bodies are left to Jetty, which closes the
     * connection (RFC 9110 section 15.5.14 allows that).
     */
    public static void drain(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] sink = new byte[64 * 1024];
            long dropped = 0;
            for (int n; dropped < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) dropped += n;
        } catch (IOException | RuntimeException e) {
            // The client went away or sent garbage: nothing to answer it anyway.
        }
    }

    private static Problem tooLarge(int max) {
        return new Problem(Problem.Kind.TOO_LARGE, "the request body is larger than the limit of " + max + " bytes; nothing was changed");
    }

    private static Map<String, List<String>> query(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** RFC 9457 problem details. */
    static Reply problem(Problem p, String instance) {
        int status = p.kind().status;
        String title = p.kind().title;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "about:blank");
        doc.put("title", title);
        doc.put("status", status);
        doc.put("detail", p.getMessage());
        if (instance != null) doc.put("instance", instance);
        if (!p.errors().isEmpty()) doc.put("errors", p.errors());
        Reply r = Reply.json(status, doc);
        return new Reply(status, "application/problem+json", r.body(), Map.of());
    }

    static void send(Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        if (reply.contentType() != null) {
            String ct = reply.contentType().contains("charset") || reply.contentType().startsWith("image/")
                    ? reply.contentType() : reply.contentType() + "; charset=utf-8";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ct);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
