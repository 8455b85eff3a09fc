package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import org.switchboard.app.Version;
import org.switchboard.core.json.Json;

/**
 * One logged-in conversation with the admin REST API: {@link #open} logs in (POST /api/v1/login),
 * {@link #close} logs out. Every failure becomes a {@link CliFailure} whose message is the
 * server's problem {@code detail} (RFC 9457 §3.1.4) or why the server could not be reached.
 * Used by one thread.
 */
final class AdminSession implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_ERROR_LINES = 50;

    private final URI base;
    private final HttpClient http;
    private final PinningTrustManager trust;
    private String token;

    private AdminSession(URI base, HttpClient http, PinningTrustManager trust) {
        this.base = base;
        this.http = http;
        this.trust = trust;
    }

    static AdminSession open(URI base, String user, boolean insecure, KnownServers known, PrintStream err) {
        String hostPort = base.getHost() + ":" + (base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80);
        PinningTrustManager trust = new PinningTrustManager(hostPort, known, insecure, err);
        HttpClient http;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, new SecureRandom());
            http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new CliFailure(CliFailure.GENERAL, "cannot set up TLS: " + e.getMessage());
        }
        AdminSession s = new AdminSession(base, http, trust);
        String password = Passwords.adminPassword(user, base);
        Map<String, String> login = new LinkedHashMap<>();
        login.put("user", user);
        login.put("password", password);
        JsonNode reply = s.send("POST", "/api/v1/login", json(login), "application/json", REQUEST_TIMEOUT);
        s.token = reply.path("token").asText(null);
        if (s.token == null) throw new CliFailure(CliFailure.GENERAL, "the server at " + base + " answered the login without a session token");
        return s;
    }

    URI base() { return base; }

    JsonNode get(String path) { return send("GET", path, HttpRequest.BodyPublishers.noBody(), null, REQUEST_TIMEOUT); }

    JsonNode post(String path, Object body) { return send("POST", path, json(body), "application/json", REQUEST_TIMEOUT); }

    JsonNode put(String path, Object body) { return send("PUT", path, json(body), "application/json", REQUEST_TIMEOUT); }

    JsonNode patch(String path, Object body) { return send("PATCH", path, json(body), "application/json", REQUEST_TIMEOUT); }

    void delete(String path) { send("DELETE", path, HttpRequest.BodyPublishers.noBody(), null, REQUEST_TIMEOUT); }

    /** A non-JSON answer (the CSV export) as text. */
    String text(String path) {
        return exchange("GET", path, HttpRequest.BodyPublishers.noBody(), null, REQUEST_TIMEOUT).body();
    }

    JsonNode send(String method, String path, BodyPublisher body, String contentType, Duration timeout) {
        HttpResponse<String> r = exchange(method, path, body, contentType, timeout);
        if (r.body().isEmpty()) return null;
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new CliFailure(CliFailure.GENERAL, "the server answered " + method + " " + path + " with something that is not JSON");
        }
    }

    private HttpResponse<String> exchange(String method, String path, BodyPublisher body, String contentType, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).method(method, body)
                .header("User-Agent", "switchboard-cli/" + Version.get()).header("Accept", "application/json, text/csv");
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.GENERAL, "interrupted");
        } catch (IOException e) {
            throw unreachable(e, timeout);
        }
        if (r.statusCode() >= 400) throw problem(r);
        return r;
    }

    private CliFailure unreachable(IOException e, Duration timeout) {
        if (trust.refusal().isPresent()) return new CliFailure(CliFailure.UNREACHABLE, "refusing to talk to " + base + ": " + trust.refusal().get());
        String reason;
        if (e instanceof HttpConnectTimeoutException) reason = "no answer to the connection attempt within " + CONNECT_TIMEOUT.toSeconds() + " s";
        else if (e instanceof HttpTimeoutException) reason = "no answer within " + timeout.toSeconds() + " s";
        else reason = reason(e);
        return new CliFailure(CliFailure.UNREACHABLE, "cannot reach the server at " + base + ": " + reason);
    }

    /** The most telling message in a chain of wrapped network exceptions. */
    static String reason(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 20; t = t.getCause()) chain.add(t);
        for (Throwable t : chain) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) return "unknown host name";
        }
        for (Throwable t : chain) {
            if (t instanceof SSLHandshakeException) return "TLS handshake failed: " + (t.getMessage() == null ? "no reason given" : t.getMessage());
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException) return "connection refused (is the server running, and on this port?)";
        }
        String message = null;
        for (Throwable t : chain) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
        }
        return message != null ? message : e.getClass().getSimpleName();
    }

    /** The problem document's detail, then its field errors that the detail does not already say, one per line. */
    private static CliFailure problem(HttpResponse<String> r) {
        int status = r.statusCode();
        String detail = null;
        List<String> lines = new ArrayList<>();
        try {
            JsonNode doc = Json.MAPPER.readTree(r.body());
            detail = doc.path("detail").asText(null);
            if (detail == null) detail = doc.path("title").asText(null);
            for (JsonNode e : doc.path("errors")) {
                String field = e.path("field").asText("");
                String line = (field.isEmpty() ? "" : field + ": ") + e.path("message").asText("");
                if (detail == null || !detail.contains(line)) lines.add(line);
            }
        } catch (IOException | RuntimeException notAProblemDocument) {
            // A proxy's HTML page or similar: fall back to the status line below.
        }
        if (detail == null || detail.isBlank()) detail = "the server answered HTTP " + status;
        StringBuilder m = new StringBuilder(detail);
        int shown = 0;
        for (String line : lines) {
            if (shown++ == MAX_ERROR_LINES) {
                m.append("\n  ... and ").append(lines.size() - MAX_ERROR_LINES).append(" more");
                break;
            }
            m.append("\n  ").append(line);
        }
        return new CliFailure(CliFailure.exitCodeFor(status), m.toString(), status);
    }

    /** Ends the session; a failure here changes nothing the command did, so it is not reported. */
    @Override
    public void close() {
        if (token == null) return;
        try {
            exchange("POST", "/api/v1/logout", HttpRequest.BodyPublishers.noBody(), null, Duration.ofSeconds(10));
        } catch (CliFailure alreadyEnded) {
            // The session may be gone already, e.g. after the built-in admin's password changed.
        } finally {
            token = null;
        }
    }

    private static BodyPublisher json(Object body) { return HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8); }

    /** One path segment, percent-encoded (the server decodes segments with URLDecoder, so spaces must not become '+'). */
    static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "?k=v&..." from name/value pairs, skipping null values. */
    static String query(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) continue;
            q.append(q.isEmpty() ? '?' : '&').append(seg(pairs[i])).append('=').append(seg(pairs[i + 1]));
        }
        return q.toString();
    }
}
