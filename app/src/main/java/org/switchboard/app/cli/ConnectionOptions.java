package org.switchboard.app.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every admin verb shares, accepted before or after the verb: where the server is,
 * who logs in, and how to print. Environment variables fill what the options leave out.
 */
final class ConnectionOptions {
    static final int ADMIN_PORT = 4040;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Admin URL, e.g. https://mail.example.com:4040 (default: $SWITCHBOARD_URL, else https://127.0.0.1:4040+offset).")
    String server;

    @Option(names = "--port-offset", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "The server's port offset (the default URL's port is then 4040+N).")
    Integer portOffset;

    @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Administrator to log in as (default: $SWITCHBOARD_ADMIN_USER, else Admin); "
                    + "password from $SWITCHBOARD_ADMIN_PASSWORD, else asked.")
    String user;

    @Option(names = "--insecure", scope = ScopeType.INHERIT,
            description = "Do not verify the server's certificate at all (not even the remembered fingerprint).")
    boolean insecure;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the server's JSON answer instead of tables (for scripts).")
    boolean json;

    /** Logs in; the caller closes the session to log out. */
    AdminSession open() {
        return AdminSession.open(serverUri(), adminUser(), insecure, KnownServers.standard(), System.err);
    }

    Output output() { return new Output(System.out, json); }

    String adminUser() {
        if (user != null && !user.isBlank()) return user;
        String env = System.getenv("SWITCHBOARD_ADMIN_USER");
        return env == null || env.isBlank() ? "Admin" : env;
    }

    URI serverUri() {
        String url = server;
        if (url == null || url.isBlank()) url = System.getenv("SWITCHBOARD_URL");
        if (url == null || url.isBlank()) {
            int offset = portOffset == null ? 0 : portOffset;
            if (offset < 0 || offset > 60000) throw CliFailure.usage("--port-offset must be between 0 and 60000");
            return URI.create("https://127.0.0.1:" + (ADMIN_PORT + offset));
        }
        return parse(url.strip());
    }

    /** "host:port" alone means https; anything but an http(s) URL with a host is refused. */
    static URI parse(String url) {
        String u = url.contains("://") ? url : "https://" + url;
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) throw CliFailure.usage("--server " + url + ": use an https:// URL");
            if (uri.getHost() == null) throw CliFailure.usage("--server " + url + ": no host name in the URL");
            return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw CliFailure.usage("--server " + url + ": not a URL (" + e.getReason() + ")");
        }
    }
}
