package org.switchboard.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console over plain HTTP, as a script (or an attacker's page) would talk to it: keeps
 * the session cookie by hand so tests can send requests a browser would not (no CSRF token).
 */
final class ConsoleClient {
    record Page(int status, String body, String location, java.net.http.HttpHeaders headers) {}

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private String session;

    ConsoleClient(ServerProcess server) {
        this.base = server.adminUrl();
        this.http = HttpClient.newBuilder().sslContext(Api.trustAll()).sslParameters(Api.noHostnameCheck())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static ConsoleClient loggedIn(ServerProcess server, String user, String password) throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        HttpResponse<String> form = c.http.send(HttpRequest.newBuilder(URI.create(c.base + "/admin/login")).build(), HttpResponse.BodyHandlers.ofString());
        String loginCookie = form.headers().allValues("set-cookie").stream().filter(v -> v.startsWith("sb_login=")).findFirst().orElseThrow()
                .split(";")[0];
        Matcher m = CSRF.matcher(form.body());
        if (!m.find()) throw new AssertionError("no login token: " + form.body());
        HttpResponse<String> r = c.http.send(HttpRequest.newBuilder(URI.create(c.base + "/admin/login"))
                .header("Cookie", loginCookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(Map.of("_csrf", m.group(1), "user", user, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        c.session = r.headers().allValues("set-cookie").stream().filter(v -> v.startsWith("sb_session=")).findFirst()
                .orElseThrow(() -> new AssertionError("login failed (" + r.statusCode() + "): " + r.body())).split(";")[0];
        return c;
    }

    String cookieHeader() { return session; }

    Page get(String path) throws Exception {
        return page(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    Page post(String path, Map<String, String> fields) throws Exception {
        return page(http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The CSRF token the page at {@code path} puts in its forms. */
    String csrf(String path) throws Exception {
        Matcher m = CSRF.matcher(get(path).body());
        if (!m.find()) throw new AssertionError("no CSRF token on " + path);
        return m.group(1);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (session != null) b.header("Cookie", session);
        return b;
    }

    private static Page page(HttpResponse<String> r) {
        return new Page(r.statusCode(), r.body(), r.headers().firstValue("location").orElse(null), r.headers());
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
