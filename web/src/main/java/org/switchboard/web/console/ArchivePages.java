package org.switchboard.web.console;

import static org.switchboard.web.console.SmtpPages.field;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.core.error.Problem;
import org.switchboard.core.mail.ArchiveSettings;
import org.switchboard.web.api.Access;

/**
 * The email archiving page (guide "Configuring archiving"): the archive settings section as one form. Reads
 * and saves through the settings route, so the API's role check, the section's validation and the Config log
 * apply. Who may read the archive is each user's "Archive folders" right on the user page.
 */
final class ArchivePages {
    static final String SETTINGS_API = "/api/v1/settings/" + ArchiveSettings.SECTION.name();
    static final List<String> FIELDS = List.of("enabled", "local", "incoming", "outgoing", "relayed", "beforeFilters",
            "localFolders", "interval", "remoteAddress");

    private ArchivePages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin/archive", Access.SERVER_READ, c -> page(c, null, 200)),
                ConsoleRoute.post("/admin/archive", Access.SERVER_READ, ArchivePages::save));
    }

    private static Outcome page(Call c, FormView form, int status) {
        ArchiveSettings s = c.ctx().settings().get(ArchiveSettings.SECTION);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("enabled", Boolean.toString(s.enabled()));
        v.put("local", Boolean.toString(s.local()));
        v.put("incoming", Boolean.toString(s.incoming()));
        v.put("outgoing", Boolean.toString(s.outgoing()));
        v.put("relayed", Boolean.toString(s.relayed()));
        v.put("beforeFilters", Boolean.toString(s.beforeFilters()));
        v.put("localFolders", Boolean.toString(s.localFolders()));
        v.put("interval", s.interval().name());
        v.put("remoteAddress", s.remoteAddress() == null ? "" : s.remoteAddress());
        List<Option> intervals = List.of(new Option("DAILY", "Daily (one folder a day)"),
                new Option("WEEKLY", "Weekly (named by the week's Monday)"), new Option("MONTHLY", "Monthly"));
        List<SmtpPages.Group> parts = List.of(
                new SmtpPages.Group("archiving", "Archiving", "Only mail accepted after archiving is enabled is archived.", List.of(
                        field("enabled", "check", "Enable email archiving", null, null),
                        field("localFolders", "check", "Archive to the archive folders",
                                "Readable over IMAP under #archive/ by users with the Archive folders right", null),
                        field("interval", "select", "Archiving interval", "A new archive folder each period", intervals),
                        field("remoteAddress", "email", "Also send archived mail to this address", "Empty for none", null))),
                new SmtpPages.Group("classes", "Messages to archive", "By the sender's and each recipient's domain.", List.of(
                        field("local", "check", "Local messages (local sender, local recipient)", null, null),
                        field("incoming", "check", "Incoming messages (remote sender, local recipient)", null, null),
                        field("outgoing", "check", "Outgoing messages (local sender, remote recipient)", null, null),
                        field("relayed", "check", "Relayed messages (remote sender, remote recipient)", null, null),
                        field("beforeFilters", "check", "Archive messages before the spam and virus checks",
                                "No spam or virus check runs yet, so every message is archived as received either way", null))));
        SmtpPages.SettingsPage m = new SmtpPages.SettingsPage(form != null ? form : FormView.of(v, c.principal().canWriteServer()), parts);
        Frame f = c.frame("Archiving", "archive");
        return Outcome.page(status, out -> JtearchiveGenerated.render(out, null, f, m));
    }

    private static Outcome save(Call c) throws Exception {
        Form f = c.form();
        FormView view = FormView.of(f.echo(), true);
        ArchiveSettings.Interval interval;
        try {
            interval = ArchiveSettings.Interval.valueOf(f.get("interval"));
        } catch (IllegalArgumentException e) {
            return page(c, view.failed(Map.of("interval", "choose daily, weekly or monthly")), 400);
        }
        String remote = f.get("remoteAddress");
        ArchiveSettings s = new ArchiveSettings(f.checked("enabled"), f.checked("local"), f.checked("incoming"), f.checked("outgoing"),
                f.checked("relayed"), f.checked("beforeFilters"), f.checked("localFolders"), interval, remote.isEmpty() ? null : remote);
        try {
            c.api("PUT", SETTINGS_API, s);
            return c.done("/admin/archive", "Archiving settings saved.");
        } catch (Problem p) {
            return page(c, view.failed(p, FIELDS), p.kind().status);
        }
    }
}
