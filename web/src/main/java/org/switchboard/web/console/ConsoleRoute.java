package org.switchboard.web.console;

import java.util.List;
import org.switchboard.web.api.Access;

/**
 * One console operation: method, path template ({name} segments), the access level it needs
 * (checked like an API route's), and whether a request counts as the admin's activity;
 * background refreshes do not, so an unattended console still logs out when idle.
 */
record ConsoleRoute(String method, String path, Access access, boolean activity, Action action) {
    @FunctionalInterface
    interface Action { Outcome run(Call call) throws Exception; }

    static ConsoleRoute get(String path, Access access, Action action) { return new ConsoleRoute("GET", path, access, true, action); }

    static ConsoleRoute post(String path, Access access, Action action) { return new ConsoleRoute("POST", path, access, true, action); }

    /** A background refresh (htmx polling): GET, not activity. */
    static ConsoleRoute poll(String path, Access access, Action action) { return new ConsoleRoute("GET", path, access, false, action); }

    List<String> segments() { return List.of(path.substring(1).split("/")); }
}
