package org.switchboard.web;

/** The small public home page served until webmail exists. */
final class Pages {
    private Pages() {}

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
