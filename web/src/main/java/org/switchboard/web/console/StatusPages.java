package org.switchboard.web.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.switchboard.core.auth.Principal;
import org.switchboard.pbx.call.Calls;
import org.switchboard.web.api.Access;
import org.switchboard.web.api.ApiContext;
import org.switchboard.web.api.PbxRoutes;
import org.switchboard.web.api.QueueRoutes;
import org.switchboard.web.api.Reply;

/** The dashboard (with its live part), the "Where is" search and the session keep-alive check. */
final class StatusPages {
    record Counts(int domains, int users, int groups, int aliases) {}

    /** {@code mail}, {@code phones} and {@code queue} say whether the mail store, the exchange and SMTP are wired in (their tiles show). */
    record Live(List<ApiContext.ServiceStatus> services, Counts counts, int blocked, int locked, List<Sparkline> charts,
                boolean serverView, Sampler.Activity activity, boolean mail, boolean phones, boolean queue) {}

    record WhereIs(String query, List<Section> results) {}

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private StatusPages() {}

    static List<ConsoleRoute> routes() {
        return List.of(
                ConsoleRoute.get("/admin", Access.ADMIN, StatusPages::dashboard),
                ConsoleRoute.poll("/admin/live", Access.ADMIN, c -> {
                    Live live = live(c);
                    return Outcome.page(out -> JtedashliveGenerated.render(out, null, live));
                }),
                ConsoleRoute.get("/admin/whereis", Access.ADMIN, c -> {
                    WhereIs w = new WhereIs(c.query().get("q"), Sections.search(c.query().get("q"), c.principal(), c::offers));
                    if (c.htmx()) return Outcome.page(out -> JtewhereisresultsGenerated.render(out, null, w));
                    if (w.results().size() == 1) return new Outcome.Redirect(w.results().get(0).path());
                    Frame f = c.frame("Where is", null);
                    return Outcome.page(out -> JtewhereisGenerated.render(out, null, f, w));
                }),
                // Polled by every page; not activity. Expired sessions get an HX-Redirect to the login page.
                ConsoleRoute.poll("/admin/session", Access.ADMIN, c -> new Outcome.Raw(Reply.noContent())));
    }

    private static Outcome dashboard(Call c) throws Exception {
        Principal p = c.principal();
        if (p.canWriteServer() && c.ctx().directory().domains().isEmpty()) return new Outcome.Redirect("/admin/setup");
        Frame f = c.frame("Dashboard", "dashboard");
        Live live = live(c);
        boolean noDomain = c.ctx().directory().domains().isEmpty();
        return Outcome.page(out -> JtedashboardGenerated.render(out, null, f, live, noDomain));
    }

    static Live live(Call c) throws Exception {
        Principal p = c.principal();
        var d = c.ctx().directory();
        Counts counts = new Counts(
                (int) d.domains().stream().filter(x -> p.canReadDomain(x.name())).count(),
                (int) d.users(null).stream().filter(x -> p.canReadDomain(x.domain())).count(),
                (int) d.groups(null).stream().filter(x -> p.canReadDomain(x.domain())).count(),
                (int) d.aliases(null).stream().filter(x -> p.canReadDomain(x.domain())).count());
        if (!p.canReadServer()) return new Live(List.of(), counts, 0, 0, List.of(), false, Sampler.Activity.NONE, false, false, false);
        boolean mail = c.offers(MailPages.SESSIONS_API);
        boolean phones = c.offers(TelephonyPages.REGISTRATIONS_API);
        boolean queue = c.offers(SmtpPages.QUEUE_API);
        Sampler.Activity now = new Sampler.Activity(mail ? MailPages.mailSessions(c).size() : 0,
                phones ? c.read(TelephonyPages.REGISTRATIONS_API, PbxRoutes.RegistrationView[].class).length : 0,
                phones ? c.read(TelephonyPages.ACTIVE_CALLS_API, Calls.ActiveCall[].class).length : 0,
                queue ? c.read(SmtpPages.QUEUE_API, QueueRoutes.QueueEntry[].class).length : 0, 0, 0);
        var lockout = c.ctx().auth().lockout();
        List<Sampler.Sample> s = c.sampler().samples();
        Sampler.Sample last = s.isEmpty() ? null : s.get(s.size() - 1);
        List<Sparkline> charts = new ArrayList<>();
        charts.add(chart("CPU (whole machine)", s, Sampler.Sample::cpuPercent, 100, last == null ? null : pct(last.cpuPercent())));
        charts.add(chart("CPU (Switchboard)", s, Sampler.Sample::processCpuPercent, 100, last == null ? null : pct(last.processCpuPercent())));
        charts.add(chart("Memory (machine)", s, Sampler.Sample::memoryPercent, 100, last == null ? null : pct(last.memoryPercent())));
        charts.add(chart("Java heap", s, x -> x.heapMaxBytes() > 0 ? 100.0 * x.heapUsedBytes() / x.heapMaxBytes() : -1, 100,
                last == null ? null : bytes(last.heapUsedBytes()) + " of " + bytes(last.heapMaxBytes())));
        charts.add(chart("Disk of the data directory", s, Sampler.Sample::diskPercent, 100,
                last == null ? null : pct(last.diskPercent()) + " used, " + bytes(last.diskFreeBytes()) + " free"));
        charts.add(chart("Open connections", s, Sampler.Sample::connections, 0, last == null ? null : Integer.toString(last.connections())));
        charts.add(chart("Blocked addresses", s, Sampler.Sample::blocked, 0, last == null ? null : Integer.toString(last.blocked())));
        if (mail) charts.add(chart("IMAP/POP3 sessions", s, Sampler.Sample::mailSessions, 0, last == null ? null : Integer.toString(last.mailSessions())));
        if (queue) {
            charts.add(chart("Message queue", s, Sampler.Sample::queued, 0, last == null ? null : Integer.toString(last.queued())));
            charts.add(perInterval("Messages in (per 10 s)", s, Sampler.Sample::messagesIn));
            charts.add(perInterval("Messages out (per 10 s)", s, Sampler.Sample::messagesOut));
        }
        if (phones) {
            charts.add(chart("Registered phones", s, Sampler.Sample::phones, 0, last == null ? null : Integer.toString(last.phones())));
            charts.add(chart("Active calls", s, Sampler.Sample::calls, 0, last == null ? null : Integer.toString(last.calls())));
        }
        return new Live(c.ctx().services().get(), counts, lockout.blocks().size(), lockout.accountLocks().size(), charts, true,
                now, mail, phones, queue);
    }

    /** A chart of how much a running counter grew between samples (messages in/out per sampling interval). */
    private static Sparkline perInterval(String label, List<Sampler.Sample> samples, java.util.function.ToLongFunction<Sampler.Sample> counter) {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            values.add((double) Math.max(0, counter.applyAsLong(samples.get(i)) - counter.applyAsLong(samples.get(i - 1))));
        }
        return Sparkline.of(label, values.isEmpty() ? "collecting…" : Long.toString(Math.round(values.get(values.size() - 1))), values, 0);
    }

    private static Sparkline chart(String label, List<Sampler.Sample> samples, ToDoubleFunction<Sampler.Sample> value, double max, String now) {
        return Sparkline.of(label, now == null ? "collecting…" : now, samples.stream().map(value::applyAsDouble).toList(), max);
    }

    /** A time as pages show it: in the server's time zone, to the second; "" for none. */
    static String at(Instant i, ZoneId zone) { return i == null ? "" : WHEN.format(i.atZone(zone)); }

    /** Seconds as h:mm:ss, or m:ss under an hour. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    static String since(Instant from, Instant now) { return from == null ? "" : duration(Duration.between(from, now).toSeconds()); }

    static String pct(double v) { return v < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f %%", v); }

    static String bytes(long b) {
        if (b < 0) return "unknown";
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
