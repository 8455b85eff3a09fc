package org.switchboard.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;

/**
 * One API call as a route handler sees it: the caller, path and query parameters, and the
 * body (already read and size-checked). Also the domain-scoped permission checks.
 */
public final class Exchange {
    private final String method;
    private final String path;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final String contentType;
    private final InetAddress remote;
    private final Principal principal;
    private final String token;

    Exchange(String method, String path, Map<String, String> params, Map<String, List<String>> query, byte[] body,
             String contentType, InetAddress remote, Principal principal, String token) {
        this.method = method;
        this.path = path;
        this.params = params;
        this.query = query;
        this.body = body;
        this.contentType = contentType;
        this.remote = remote;
        this.principal = principal;
        this.token = token;
    }

    public String method() { return method; }

    public String path() { return path; }

    public String param(String name) { return params.get(name); }

    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public boolean flag(String name) {
        return query(name).map(v -> v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
    }

    public int intQuery(String name, int def, int min, int max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) return def;
        try {
            int i = Integer.parseInt(v.get());
            if (i < min || i > max) throw Problem.invalid(name, "must be between " + min + " and " + max);
            return i;
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, "must be a number");
        }
    }

    public InetAddress remote() { return remote; }

    public Principal principal() { return principal; }

    String token() { return token; }

    public Actor actor() { return new Actor(principal == null ? "anonymous" : principal.login(), remote.getHostAddress()); }

    public String text() { return new String(body, StandardCharsets.UTF_8); }

    public String contentType() { return contentType == null ? "" : contentType; }

    /** The body as a JSON document of the given type; malformed JSON is a 400 with the parser's reason. */
    public <T> T json(Class<T> type) {
        if (body.length == 0) throw new Problem(Problem.Kind.INVALID, "a JSON request body is required");
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) throw new Problem(Problem.Kind.INVALID, "a JSON request body is required");
            return value;
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            throw new Problem(Problem.Kind.INVALID, "the request body is not valid JSON for this call: " + (m == null ? "" : m.split("\n")[0]));
        } catch (java.io.IOException e) {
            throw new Problem(Problem.Kind.INVALID, "the request body could not be read");
        }
    }

    public void requireServerWrite() {
        if (!principal.canWriteServer()) throw readOnly();
    }

    public void requireDomainRead(String domain) {
        if (!principal.canReadDomain(domain)) throw Problem.forbidden("you have no rights to view the domain " + domain);
    }

    public void requireDomainWrite(String domain) {
        if (principal.canWriteDomain(domain)) return;
        if (principal.canReadDomain(domain)) throw readOnly();
        throw Problem.forbidden("you have no rights to change the domain " + domain);
    }

    static Problem readOnly() {
        return Problem.forbidden("your administration rights are read-only: nothing was changed");
    }
}
