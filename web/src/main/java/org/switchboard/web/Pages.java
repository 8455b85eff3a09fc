package org.switchboard.web;

/** The two small HTML pages served before the console and webmail exist. */
final class Pages {
    private Pages() {}

    static String adminHome(String version) {
        return page("Switchboard administration", """
                <h1>Switchboard administration</h1>
                <p>The REST API is at <a href="/api/v1/whoami"><code>/api/v1</code></a>; its description is the
                OpenAPI document <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>
                <p>From a shell on this machine: <code>./switchboard admin --help</code>.</p>
                <p>Health: <a href="/health"><code>/health</code></a> · Metrics: <a href="/metrics"><code>/metrics</code></a></p>
                """, version);
    }

    static String publicHome(String version) {
        return page("Switchboard", """
                <h1>Switchboard</h1>
                <p>This server runs Switchboard. Administrators: <a href="/admin">administration</a>.</p>
                """, version);
    }

    private static String page(String title, String body, String version) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head><body>"
                + body + "<footer><small>Switchboard " + version + "</small></footer></body></html>";
    }
}
