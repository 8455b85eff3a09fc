package org.switchboard.web.api;

import java.time.Instant;
import java.util.List;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.directory.User;
import org.switchboard.core.error.Problem;
import org.switchboard.pbx.PbxService;
import org.switchboard.pbx.call.CallRecord;
import org.switchboard.pbx.call.Calls;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.NewExtension;

/**
 * The telephone exchange's admin side: extensions, dial plan, registrations, active calls, call history.
 * The reply records are public because the console reads these same replies in-process.
 */
public final class PbxRoutes {
    /**
     * @param phones    number of manually configured phones (guide ch. 16)
     * @param sipUsers  the generated SIP user names (User ID / Auth ID) to enter in those phones; empty for one phone
     */
    public record ExtensionView(String number, String owner, String displayName, String description, int ringSeconds, int phones,
                                List<String> sipUsers) {}

    /** {@code sipUser} is the name the phone authenticated with: the extension number or a generated one. */
    public record RegistrationView(String extension, String contact, String transport, String source, Instant expires,
                            String userAgent, boolean behindNat, String sipUser) {}

    public record Phones(int phones) {}

    public record Password(String sipPassword) {}

    public record Secret(String number, String sipPassword) {}

    public record Pin(String pin) {}

    public record VoicemailView(String id, String extension, String caller, Instant received, long seconds) {}

    private PbxRoutes() {}

    public static List<Route> routes(PbxService pbx, Directory d) {
        return List.of(
                Route.get("/api/v1/pbx/extensions").doc("pbx", "List extensions").returns(ExtensionView[].class)
                        .to(ex -> Reply.json(pbx.extensions().list().stream().filter(x -> visible(ex, d, x)).map(x -> view(d, x)).toList())),
                Route.post("/api/v1/pbx/extensions").doc("pbx", "Add an extension, owned by a user (owner) or standalone")
                        .body(NewExtension.class).returns(ExtensionView.class).to(ex -> {
                            NewExtension spec = ex.json(NewExtension.class);
                            if (spec.owner() != null) ex.requireDomainWrite(d.requireUser(spec.owner()).domain());
                            else ex.requireServerWrite();
                            return Reply.json(201, view(d, pbx.extensions().add(ex.actor(), spec)));
                        }),
                Route.get("/api/v1/pbx/extensions/{number}").doc("pbx", "One extension, with its generated SIP user names")
                        .returns(ExtensionView.class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            if (!visible(ex, d, x)) throw Problem.forbidden("you have no rights to view extension " + x.number());
                            return Reply.json(view(d, x));
                        }),
                Route.put("/api/v1/pbx/extensions/{number}/phones")
                        .doc("pbx", "Number of manually configured phones (1-20); from 2 on each gets a generated SIP user name ending in u")
                        .body(Phones.class).returns(ExtensionView.class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            requireWrite(ex, d, x);
                            return Reply.json(view(d, pbx.setPhones(ex.actor(), x.number(), ex.json(Phones.class).phones())));
                        }),
                Route.delete("/api/v1/pbx/extensions/{number}").doc("pbx", "Remove an extension").to(ex -> {
                    Extension x = find(pbx, ex.param("number"));
                    requireWrite(ex, d, x);
                    pbx.extensions().remove(ex.actor(), x.number());
                    return Reply.noContent();
                }),
                Route.put("/api/v1/pbx/extensions/{number}/sip-password").doc("pbx", "Set an extension's SIP password")
                        .body(Password.class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            requireWrite(ex, d, x);
                            pbx.extensions().setSipPassword(ex.actor(), x.number(), ex.json(Password.class).sipPassword());
                            return Reply.noContent();
                        }),
                Route.get("/api/v1/pbx/extensions/{number}/sip-password").access(Access.SERVER_WRITE)
                        .doc("pbx", "Show an extension's SIP password (to configure a phone)").returns(Secret.class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            return Reply.json(new Secret(x.number(), pbx.extensions().sipPassword(x).orElse("")));
                        }),
                Route.put("/api/v1/pbx/extensions/{number}/ringing")
                        .doc("pbx", "Ringing rules: forwardTo, forwardMode (AFTER_RINGING, PARALLEL, ALWAYS), voicemailOnBusy, voicemailOnNoAnswer")
                        .body(org.switchboard.pbx.extension.RingingRules.class).returns(ExtensionView.class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            requireWrite(ex, d, x);
                            return Reply.json(view(d, pbx.extensions().setRinging(ex.actor(), x.number(),
                                    ex.json(org.switchboard.pbx.extension.RingingRules.class))));
                        }),
                Route.put("/api/v1/pbx/extensions/{number}/voicemail-pin").doc("pbx", "Set the voicemail PIN (4-12 digits)")
                        .body(Pin.class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            requireWrite(ex, d, x);
                            pbx.extensions().setVoicemailPin(ex.actor(), x.number(), ex.json(Pin.class).pin());
                            return Reply.noContent();
                        }),
                Route.get("/api/v1/pbx/extensions/{number}/voicemail").doc("pbx", "Voicemail messages of an extension")
                        .returns(VoicemailView[].class).to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            if (!visible(ex, d, x)) throw Problem.forbidden("you have no rights to view extension " + x.number());
                            return Reply.json(pbx.voicemail().list(x.number()).stream().map(m -> new VoicemailView(m.id(), m.extension(),
                                    m.caller(), m.received(), m.length().toSeconds())).toList());
                        }),
                Route.get("/api/v1/pbx/extensions/{number}/voicemail/{id}").doc("pbx", "Download one voicemail message as WAV")
                        .to(ex -> {
                            Extension x = find(pbx, ex.param("number"));
                            if (!visible(ex, d, x)) throw Problem.forbidden("you have no rights to view extension " + x.number());
                            var m = pbx.voicemail().list(x.number()).stream().filter(v -> v.id().equals(ex.param("id"))).findFirst()
                                    .orElseThrow(() -> Problem.notFound("voicemail message " + ex.param("id")));
                            return new Reply(200, "audio/wav", java.nio.file.Files.readAllBytes(m.file()),
                                    java.util.Map.of("Content-Disposition", "attachment; filename=\"voicemail-" + m.id() + ".wav\""));
                        }),
                Route.delete("/api/v1/pbx/extensions/{number}/voicemail/{id}").doc("pbx", "Delete one voicemail message").to(ex -> {
                    Extension x = find(pbx, ex.param("number"));
                    requireWrite(ex, d, x);
                    var m = pbx.voicemail().list(x.number()).stream().filter(v -> v.id().equals(ex.param("id"))).findFirst()
                            .orElseThrow(() -> Problem.notFound("voicemail message " + ex.param("id")));
                    pbx.voicemail().delete(m);
                    org.switchboard.core.ConfigLog.action(ex.actor(), "voicemail message " + m.id() + " of " + x.number() + " deleted");
                    return Reply.noContent();
                }),
                Route.get("/api/v1/pbx/dialplan").access(Access.SERVER_READ).doc("pbx", "The dial plan: every number and what it reaches")
                        .to(ex -> ex.query("format").filter("csv"::equals).isPresent()
                                ? Reply.download("text/csv", "dialplan.csv", pbx.extensions().dialPlanCsv())
                                : Reply.json(pbx.extensions().dialPlan())),
                Route.get("/api/v1/pbx/registrations").access(Access.SERVER_READ).doc("pbx", "Registered phones")
                        .returns(RegistrationView[].class).to(ex -> Reply.json(pbx.registrations().stream().map(b -> new RegistrationView(
                                b.extension(), b.contact().uri(), b.flow().transport().name(),
                                b.flow().remote().getAddress().getHostAddress() + ":" + b.flow().remote().getPort(), b.expires(),
                                b.userAgent(), b.behindNat(), b.authUser())).toList())),
                Route.get("/api/v1/pbx/calls/active").access(Access.SERVER_READ).doc("pbx", "Calls in progress")
                        .returns(Calls.ActiveCall[].class).to(ex -> Reply.json(pbx.activeCalls())),
                Route.get("/api/v1/pbx/calls").access(Access.SERVER_READ)
                        .doc("pbx", "Call history, newest first (?limit=N, ?format=csv)").returns(CallRecord[].class).to(ex -> {
                            int limit = ex.intQuery("limit", 200, 1, 100_000);
                            return ex.query("format").filter("csv"::equals).isPresent()
                                    ? Reply.download("text/csv", "calls.csv", pbx.history().csv(limit))
                                    : Reply.json(pbx.history().list(limit));
                        }));
    }

    private static Extension find(PbxService pbx, String number) {
        return pbx.extensions().get(number).orElseThrow(() -> Problem.notFound("extension " + number));
    }

    private static boolean visible(Exchange ex, Directory d, Extension x) {
        if (ex.principal().canReadServer()) return true;
        return x.ownerId() != null && d.userById(x.ownerId()).map(u -> ex.principal().canReadDomain(u.domain())).orElse(false);
    }

    private static void requireWrite(Exchange ex, Directory d, Extension x) {
        if (x.ownerId() == null) {
            ex.requireServerWrite();
            return;
        }
        ex.requireDomainWrite(d.userById(x.ownerId()).map(User::domain).orElse(""));
    }

    private static ExtensionView view(Directory d, Extension x) {
        String owner = x.ownerId() == null ? null : d.userById(x.ownerId()).map(User::address).orElse(x.ownerId());
        return new ExtensionView(x.number(), owner, x.displayName(), x.description(), x.ringSeconds(), x.phones(), x.sipUsers());
    }
}
