package org.switchboard.web.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.directory.AdminRole;
import org.switchboard.core.json.Json;
import org.switchboard.core.settings.ServerSettings;
import org.switchboard.web.api.ApiContext;
import org.switchboard.web.api.Reply;
import org.switchboard.web.api.Sessions;

/**
 * One console request as an action sees it: the logged-in administrator, path parameters,
 * query and form fields. Changes go through {@link #api}, the API's own route handlers with
 * this session's principal, so the console enforces exactly what the API enforces.
 */
final class Call {
    private final Console console;
    private final Sessions.Session session;
    private final InetAddress remote;
    private final Map<String, String> params;
    private final Form query;
    private final Form form;
    private final boolean htmx;

    Call(Console console, Sessions.Session session, InetAddress remote, Map<String, String> params, Form query, Form form, boolean htmx) {
        this.console = console;
        this.session = session;
        this.remote = remote;
        this.params = params;
        this.query = query;
        this.form = form;
        this.htmx = htmx;
    }

    ApiContext ctx() { return console.ctx(); }

    Principal principal() { return session.principal(); }

    String param(String name) { return params.get(name); }

    Form query() { return query; }

    Form form() { return form; }

    /** A request made by htmx: answer with the fragment, not the whole page. */
    boolean htmx() { return htmx; }

    Actor actor() { return new Actor(principal().login(), remote.getHostAddress()); }

    Sampler sampler() { return console.sampler(); }

    /** Runs an API route in-process as this administrator; a refusal is thrown as the API's Problem. */
    Reply api(String method, String path, Object body) throws Exception {
        return console.api().invoke(principal(), session.token(), remote, method, path, body);
    }

    /** An API resource read as this administrator, as the API's own reply type (an array for a list). */
    <T> T read(String path, Class<T> type) throws Exception {
        return json(api("GET", path, null), type);
    }

    static <T> T json(Reply reply, Class<T> type) throws IOException { return Json.MAPPER.readValue(reply.body(), type); }

    boolean offers(String apiPath) { return console.offers(apiPath); }

    /** The server's time zone, in which pages show times. */
    ZoneId zone() { return ZoneId.of(ctx().settings().get(ServerSettings.SECTION).timeZone()); }

    JsonNode apiJson(String method, String path, Object body) throws Exception {
        Reply r = api(method, path, body);
        return r.body().length == 0 ? null : Json.MAPPER.readTree(r.body());
    }

    /** Redirect after a successful change, with a notice for the next page this session opens. */
    Outcome done(String location, String notice) {
        console.notice(session.token(), notice);
        return new Outcome.Redirect(location);
    }

    /** The page chrome for a section; consumes the pending notice. */
    Frame frame(String title, String sectionId) {
        Map<String, List<Frame.NavLink>> groups = new LinkedHashMap<>();
        for (Section s : Sections.visible(principal(), console::offers)) {
            groups.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(new Frame.NavLink(s.title(), s.path(), s.id().equals(sectionId)));
        }
        List<Frame.NavGroup> nav = new ArrayList<>();
        groups.forEach((g, links) -> nav.add(new Frame.NavGroup(g, links)));
        return new Frame(title, sectionId, nav, principal().login(), roleLabel(principal()), session.csrf(),
                console.takeNotice(session.token()), console.version());
    }

    static String roleLabel(Principal p) {
        return switch (p.role()) {
            case SERVER_READ_WRITE -> "full administration";
            case SERVER_READ_ONLY -> "read-only administration";
            case DOMAIN_READ_WRITE -> "administrator of " + p.domain();
            case NONE -> "no administration rights";
        };
    }

    static String roleTitle(AdminRole r) {
        return switch (r) {
            case NONE -> "No administration rights";
            case DOMAIN_READ_WRITE -> "Administer own domain";
            case SERVER_READ_ONLY -> "Whole server, read only";
            case SERVER_READ_WRITE -> "Whole server, read/write";
        };
    }
}
