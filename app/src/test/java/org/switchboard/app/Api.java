package org.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.switchboard.core.json.Json;

/**
 * A plain HTTP client for the admin API in tests (the server's certificate is self-signed,
 * so it is not verified here; the CLI's trust-on-first-use is tested separately).
 */
final class Api {
    record Response(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final String base;
    private final HttpClient http;
    private String token;

    Api(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(trustAll()).sslParameters(noHostnameCheck())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Api loggedIn(ServerProcess server, String user, String password) throws Exception {
        Api api = new Api(server.adminUrl());
        Response r = api.login(user, password);
        if (r.status() != 200) throw new AssertionError("login failed: " + r);
        return api;
    }

    Response login(String user, String password) throws Exception {
        Response r = send("POST", "/api/v1/login", Json.write(java.util.Map.of("user", user, "password", password)), "application/json");
        if (r.status() == 200) token = r.json().get("token").asText();
        return r;
    }

    void token(String t) { token = t; }

    String token() { return token; }

    Response get(String path) throws Exception { return send("GET", path, null, null); }

    Response delete(String path) throws Exception { return send("DELETE", path, null, null); }

    Response post(String path, Object body) throws Exception { return send("POST", path, Json.write(body), "application/json"); }

    Response patch(String path, Object body) throws Exception { return send("PATCH", path, Json.write(body), "application/json"); }

    Response put(String path, Object body) throws Exception { return send("PUT", path, Json.write(body), "application/json"); }

    Response send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
    }

    static SSLContext trustAll() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, new SecureRandom());
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLParameters noHostnameCheck() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm(null);
        return p;
    }
}
