package org.switchboard.web.console;

import java.util.List;

/**
 * Everything the page chrome shows around a page's content: title, the menu with the current
 * section marked, who is logged in, the CSRF token for forms, and a notice from the last change.
 */
record Frame(String title, String section, List<NavGroup> nav, String user, String role, String csrf, String notice,
             String version) {
    record NavGroup(String name, List<NavLink> links) {}

    record NavLink(String title, String path, boolean current) {}

    boolean loggedIn() { return user != null; }
}
