package org.switchboard.pbx.call;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.switchboard.core.log.LogKind;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.media.MediaSession;
import org.switchboard.pbx.media.RtpEndpoint;
import org.switchboard.pbx.media.RtpRelay;
import org.switchboard.pbx.registrar.Binding;
import org.switchboard.pbx.sip.Scheduler;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.codec.Address;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.Replaces;
import org.switchboard.pbx.sip.codec.Sdp;
import org.switchboard.pbx.sip.codec.SipParseException;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.codec.SipUri;
import org.switchboard.pbx.sip.transaction.ClientTransaction;
import org.switchboard.pbx.sip.transaction.ServerTransaction;
import org.switchboard.pbx.sip.transaction.TransactionLayer;

/**
 * One call through the B2BUA: the caller's leg A, one INVITE per registered device of the callee (forking), the
 * answering device's leg B, the media relay, and the history record written at the end. Handles provisional relay,
 * answer, busy and failures, no-answer timeout, CANCEL, BYE, re-INVITE (hold) with relay SDP, blind and attended
 * transfer by REFER (RFC 3515, RFC 5589) and INVITE with Replaces (RFC 3891). Every event arrives on {@link #executor},
 * so fields need no lock; two calls meet only by submitting to each other's executor; state RINGING -> ANSWERED -> ENDED.
 */
final class Call {
    private enum State { RINGING, ANSWERED, ENDED }

    /** One outgoing INVITE to one device in one ringing stage. */
    private static final class Fork {
        final Leg leg;
        final SipRequest invite;
        final int stage;
        boolean done;
        int status;

        Fork(Leg leg, SipRequest invite, int stage) {
            this.leg = leg;
            this.invite = invite;
            this.stage = stage;
        }
    }

    /**
     * A transfer in progress: who asked, its subscription (the NOTIFYs, if wanted), and either the
     * extension being rung with its devices' INVITEs and ring timer (blind) or the consulted dialog (attended).
     */
    private static final class Transfer {
        final Leg transferor;
        final ReferSubscription subscription;
        final Replaces replaces;
        final List<Fork> forks = new ArrayList<>();
        boolean ringingNotified;
        Extension target;
        Scheduler.Timer timer;
        boolean transferorGone;

        Transfer(Leg transferor, ReferSubscription subscription, Replaces replaces) {
            this.transferor = transferor;
            this.subscription = subscription;
            this.replaces = replaces;
        }
    }

    /** What a consultation call hands to the call it is joined to: the consulted party's leg, media and relays. */
    private record Consulted(Leg leg, RtpRelay.Side side, List<RtpRelay> relays, Sdp lastTo) {}

    /** The stage of the INVITEs a transfer sends: never the ringing stage, so ringing logic leaves them alone. */
    private static final int TRANSFER_STAGE = Integer.MIN_VALUE;

    /** A re-INVITE we are passing to the other side, and the transaction waiting for its answer. */
    private record Pending(ServerTransaction tx, Leg from, Sdp offer) {}

    final String id;
    final SerialExecutor executor;
    private final Calls calls;
    private final ServerTransaction inviteTx;
    private final Extension caller;
    private final String callerName;
    private final Extension callee;
    private final String dialled;
    private final List<RingStage> stages;
    private final Application direct;
    private final RtpRelay relay;
    private final Instant start;
    private final List<Fork> forks = new ArrayList<>();
    /** Relays taken over from consultation calls (attended transfer): closed with ours. */
    private final List<RtpRelay> adopted = new ArrayList<>();
    /** Legs that left the call by a transfer or Replaces: their BYE is still answered 200. */
    private final List<Leg> retired = new ArrayList<>();
    private Leg a;
    private Leg b;
    private RtpRelay.Side aSide;
    private RtpRelay.Side bSide;
    private Sdp offerA;
    private Sdp lastToA;
    private Sdp lastToB;
    private State state = State.RINGING;
    private boolean ringingSent;
    private Instant answered;
    private Scheduler.Timer ringTimer;
    private Pending pending;
    private int stage = -1;
    private boolean busySeen;
    private boolean unansweredSeen;
    private Application app;
    private Transfer transfer;
    private String transferredTo;

    /**
     * @param callee  the extension rung, or whose mailbox an application serves
     * @param dialled the number as the history shows it (the extension, or a service number)
     * @param direct  an application that answers at once instead of ringing (voicemail access, direct voicemail)
     */
    Call(Calls calls, SerialExecutor executor, ServerTransaction inviteTx, Extension caller, String callerName, Extension callee,
         String dialled, List<RingStage> stages, Application direct, RtpRelay relay) {
        this.calls = calls;
        this.executor = executor;
        this.inviteTx = inviteTx;
        this.caller = caller;
        this.callerName = callerName == null ? "" : callerName;
        this.callee = callee;
        this.dialled = dialled;
        this.stages = List.copyOf(stages);
        this.direct = direct;
        this.relay = relay;
        this.aSide = relay.a();
        this.bSide = relay.b();
        this.start = calls.clock.instant();
        this.id = start.toEpochMilli() + "-" + TransactionLayer.newTag();
    }

    Calls.ActiveCall view() {
        return new Calls.ActiveCall(id, caller.number(), dialled, app == null ? state.name() : app.name().toUpperCase(java.util.Locale.ROOT),
                start, answered);
    }

    void start() {
        SipRequest r = inviteTx.request();
        Address from = r.headers().from();
        a = new Leg(r.callId(), inviteTx.localTag(), r.headers().to().withParams(r.headers().to().params().without("tag")),
                from.withParams(from.params().without("tag")), contactOf(r).orElse(r.headers().from().uri()), inviteTx.flow(),
                ourContact(inviteTx.flow(), caller.number()), 0);
        a.remoteTag = from.tag().orElse(null);
        a.routeSet = Leg.routeSet(r.headers().all(HeaderNames.RECORD_ROUTE), false);
        a.party = caller.number();
        calls.register(a, this);
        try {
            offerA = Sdp.parse(r.body());
        } catch (SipParseException e) {
            // Offerless INVITEs (late offer, RFC 3261 §13.2.1) are not supported by the relay yet.
            fail(488, "An SDP offer is required", CallRecord.Disposition.FAILED);
            return;
        }
        Optional<Sdp.Media> audio = audio(offerA);
        if (audio.isEmpty()) {
            fail(488, "No audio stream offered", CallRecord.Disposition.FAILED);
            return;
        }
        relay.a().expect(peer(offerA, audio.get()));
        if (direct != null) answerWithApp(direct);
        else nextStage();
    }

    /**
     * Rings the devices of the next stage's extensions (all at once, one Call-ID, RFC 3261 §16.7 style forking
     * done as a B2BUA), skipping stages with nothing registered; after the last stage the call gives up.
     */
    private void nextStage() {
        while (++stage < stages.size()) {
            RingStage s = stages.get(stage);
            String callIdB = TransactionLayer.newTag() + TransactionLayer.newTag() + "@switchboard";
            int sent = 0;
            for (Extension target : s.targets()) {
                for (Binding device : calls.location.lookup(target.number())) {
                    fork(callIdB, target, device);
                    sent++;
                }
            }
            if (sent > 0) {
                ringTimer = calls.scheduler.schedule(Duration.ofSeconds(s.ringSeconds()), executor, this::onNoAnswer);
                return;
            }
        }
        giveUp();
    }

    private void fork(String callIdB, Extension target, Binding device) {
        String host = LocalAddresses.uriHost(calls.viaAddress(device.target()).getAddress().getHostAddress());
        Address fromB = Address.of(callerName, SipUri.of(caller.number(), host, -1));
        Address toB = Address.of(SipUri.of(target.number(), host, -1));
        SipUri uri = device.contact().sipUri();
        Leg leg = new Leg(callIdB, TransactionLayer.newTag(), fromB, toB, uri == null ? device.contact().uri() : uri.toString(),
                device.target(), ourContact(device.target(), caller.number()), 0);
        leg.party = target.number();
        Sdp offer = relayed(offerA, relay.b().port(), calls.mediaAddress(device.target()), true);
        lastToB = offer;
        SipRequest invite = withSdp(request(leg, SipRequest.INVITE), offer);
        Fork fork = new Fork(leg, invite, stage);
        forks.add(fork);
        calls.register(leg, this);
        calls.layer.send(invite, leg.flow, listener(r2 -> onForkResponse(fork, r2), () -> onForkFailed(fork, 408), () -> onForkFailed(fork, 503)));
    }

    /**
     * Every stage ended busy, unanswered or with nothing registered. Busy anywhere counts as busy (guide §20: the
     * "busy" and "unavailable" voicemail triggers).
     */
    private void giveUp() {
        boolean voicemail = busySeen ? callee.ringing().voicemailWhenBusy() : callee.ringing().voicemailWhenUnanswered();
        if (voicemail && calls.voicemail != null) {
            answerWithApp(calls.leaveMessage(callee, caller, callerName));
            return;
        }
        if (busySeen) fail(486, "Busy Here", CallRecord.Disposition.BUSY);
        else if (unansweredSeen) fail(480, "No Answer", CallRecord.Disposition.NO_ANSWER);
        else fail(480, "Temporarily Unavailable", CallRecord.Disposition.UNAVAILABLE);
    }

    /**
     * The exchange answers the caller itself: G.711 media from its own endpoint on the relay's A side (the port
     * the caller may already know from early media), and the application's script on a virtual thread. When the
     * script ends, the exchange hangs up; when the caller hangs up first, the script sees it as a hang-up.
     */
    private void answerWithApp(Application application) {
        if (state != State.RINGING) return;
        Optional<AppMedia> media = AppMedia.answer(offerA, lastToA, relay.a().port(), calls.mediaAddress(a.flow));
        if (media.isEmpty()) {
            fail(488, "G.711 audio is required", CallRecord.Disposition.FAILED);
            return;
        }
        if (ringTimer != null) ringTimer.cancel();
        state = State.ANSWERED;
        answered = calls.clock.instant();
        app = application;
        RtpEndpoint endpoint = new RtpEndpoint(calls.mediaClock, relay.a()::send, media.get().audioType(), media.get().eventType());
        relay.a().attach(endpoint);
        endpoint.start();
        lastToA = media.get().answer();
        respondA(200, "OK", lastToA);
        LogKind.debug("sip", "call {}: answered by {} for {}", id, application.name(), callee.number());
        Thread.ofVirtual().name("app-" + application.name() + "-" + id).start(() -> {
            try {
                application.script().run(endpoint);
            } catch (MediaSession.Hangup e) {
                LogKind.debug("sip", "call {}: caller hung up during {}", id, application.name());
            } catch (RuntimeException e) {
                LogKind.ERROR.log("Call " + id + ": " + application.name() + " failed: " + e, e);
            } finally {
                executor.execute(this::applicationDone);
            }
        });
    }

    private void applicationDone() {
        if (state == State.ENDED) return;
        send(request(a, SipRequest.BYE));
        end(app.disposition());
    }

    private void onForkResponse(Fork fork, SipResponse response) {
        int status = response.status();
        if (response.provisional()) {
            if (status == 100 || state != State.RINGING || fork.stage != stage) return;
            response.headers().to().tag().ifPresent(t -> fork.leg.remoteTag = t);
            if (response.body().length > 0) {
                try {
                    Sdp early = Sdp.parse(response.body());
                    audio(early).ifPresent(m -> relay.b().expect(peer(early, m)));
                    Sdp toA = answerFor(offerA, early, relay.a().port(), calls.mediaAddress(a.flow));
                    relay.b().negotiated(AudioFormats.of(early));
                    relay.a().negotiated(AudioFormats.of(toA));
                    lastToA = toA;
                    respondA(183, "Session Progress", toA);
                    ringingSent = true;
                    return;
                } catch (SipParseException e) {
                    LogKind.debug("sip", "call {}: unreadable early SDP ignored: {}", id, e.getMessage());
                }
            }
            if (!ringingSent) {
                respondA(180, "Ringing", null);
                ringingSent = true;
            }
            return;
        }
        if (response.success()) {
            fork.done = true;
            fork.status = status;
            fork.leg.remoteTag = response.headers().to().tag().orElse(fork.leg.remoteTag);
            contactOf(response).ifPresent(c -> fork.leg.remoteTarget = c);
            fork.leg.routeSet = Leg.routeSet(response.headers().all(HeaderNames.RECORD_ROUTE), true);
            ack(fork.leg, fork.invite);
            if (state != State.RINGING || b != null || fork.stage != stage) {
                // Another device answered first, the caller gave up, or the stage timed out: this one hangs up again.
                send(request(fork.leg, SipRequest.BYE));
                return;
            }
            Sdp answerB;
            try {
                answerB = Sdp.parse(response.body());
            } catch (SipParseException e) {
                send(request(fork.leg, SipRequest.BYE));
                onForkFailed(fork, 488);
                return;
            }
            audio(answerB).ifPresent(m -> relay.b().expect(peer(answerB, m)));
            b = fork.leg;
            state = State.ANSWERED;
            answered = calls.clock.instant();
            if (ringTimer != null) ringTimer.cancel();
            cancelOtherForks(fork);
            Sdp toA = answerFor(offerA, answerB, relay.a().port(), calls.mediaAddress(a.flow));
            relay.b().negotiated(AudioFormats.of(answerB));
            relay.a().negotiated(AudioFormats.of(toA));
            lastToA = toA;
            respondA(200, "OK", toA);
            LogKind.debug("sip", "call {}: {} answered on {}", id, callee.number(), fork.leg.flow);
            return;
        }
        onForkFailed(fork, status);
    }

    private void onForkFailed(Fork fork, int status) {
        if (fork.done) return;
        fork.done = true;
        fork.status = status;
        if (state != State.RINGING || b != null || fork.stage != stage) return;
        List<Fork> current = forks.stream().filter(f -> f.stage == stage).toList();
        if (current.stream().allMatch(f -> f.done)) {
            if (ringTimer != null) ringTimer.cancel();
            Optional<Fork> decline = current.stream().filter(f -> f.status >= 600 && f.status != 600).findFirst();
            if (decline.isPresent()) {
                fail(decline.get().status, SipResponse.reasonFor(decline.get().status), CallRecord.Disposition.FAILED);
                return;
            }
            if (current.stream().anyMatch(f -> f.status == 486 || f.status == 600)) busySeen = true;
            nextStage();
        }
    }

    private void onNoAnswer() {
        if (state != State.RINGING || b != null) return;
        cancelOtherForks(null);
        unansweredSeen = true;
        nextStage();
    }

    void onCancel() {
        if (state != State.RINGING) return;
        cancelOtherForks(null);
        fail(487, "Request Terminated", CallRecord.Disposition.CANCELLED);
    }

    void onStray2xx(SipResponse response) {
        for (Fork f : forks) {
            if (f.leg.callId.equals(response.callId()) && response.headers().from().tag().orElse("").equals(f.leg.localTag)) {
                ack(f.leg, f.invite);
                return;
            }
        }
    }

    /** An in-dialog request from A or B (or a transfer target). */
    void onRequest(ServerTransaction tx) {
        SipRequest r = tx.request();
        Leg from = legOf(r);
        if (from == null && r.is(SipRequest.BYE) && state != State.ENDED) {
            Leg old = retired.stream().filter(l -> l.callId.equals(r.callId()) && l.localTag.equals(r.headers().to().tag().orElse(""))).findFirst().orElse(null);
            if (old != null) {
                // A transferor or replaced phone hanging up itself, maybe crossing our BYE: its dialog ends either way.
                old.gone = true;
                tx.respond(200);
                return;
            }
        }
        if (from == null || state == State.ENDED) {
            tx.respond(481);
            return;
        }
        switch (r.method()) {
            case SipRequest.BYE -> {
                from.gone = true;
                tx.respond(200);
                if (transfer != null && from == transfer.transferor) {
                    transfer.transferorGone = true;
                transfer.subscription.stop();
                    return;
                }
                Leg other = other(from);
                if (transfer != null) {
                    cancelOtherForks(null);
                    if (transfer.transferorGone) other = null;
                    transfer = null;
                }
                if (other != null) send(request(other, SipRequest.BYE));
                if (app != null) end(app.disposition());
                else end(state == State.ANSWERED ? CallRecord.Disposition.ANSWERED : CallRecord.Disposition.CANCELLED);
            }
            case SipRequest.INVITE -> reInvite(tx, from);
            case SipRequest.REFER -> refer(tx, from);
            default -> tx.respond(200);   // INFO, UPDATE without body, NOTIFY: accepted, nothing to relay
        }
    }

    /** Hold and resume (RFC 3264 §8.4): the new offer goes to the other side through the relay. */
    private void reInvite(ServerTransaction tx, Leg from) {
        if (app != null) {
            // The exchange is the other party: it keeps its media and answers with the same description.
            try {
                if (tx.request().body().length > 0) {
                    Sdp offer = Sdp.parse(tx.request().body());
                    audio(offer).ifPresent(m -> relay.a().expect(peer(offer, m)));
                }
            } catch (SipParseException e) {
                tx.respond(488);
                return;
            }
            respond(tx, 200, "OK", lastToA);
            return;
        }
        Leg other = other(from);
        if (state != State.ANSWERED || other == null) {
            tx.respond(state == State.ANSWERED ? 481 : 491);
            return;
        }
        if (pending != null) {
            tx.respond(491);                      // §14.2: glare
            return;
        }
        if (tx.request().body().length == 0) {
            // An offerless re-INVITE (session refresh): our current description again.
            respond(tx, 200, "OK", from == a ? lastToA : lastToB);
            return;
        }
        Sdp offer;
        try {
            offer = Sdp.parse(tx.request().body());
        } catch (SipParseException e) {
            tx.respond(488);
            return;
        }
        audio(offer).ifPresent(m -> side(from).expect(peer(offer, m)));
        pending = new Pending(tx, from, offer);
        Sdp toOther = relayed(offer, side(other).port(), calls.mediaAddress(other.flow), true);
        if (other == a) lastToA = toOther;
        else lastToB = toOther;
        SipRequest reinvite = withSdp(request(other, SipRequest.INVITE), toOther);
        calls.layer.send(reinvite, other.flow, listener(resp -> {
            if (resp.provisional() || pending == null) return;
            Pending p = pending;
            pending = null;
            if (!resp.success()) {
                p.tx().respond(SipResponse.to(p.tx().request(), resp.status(), resp.reason(), p.tx().localTag()));
                return;
            }
            ack(other, reinvite);
            try {
                Sdp answer = Sdp.parse(resp.body());
                audio(answer).ifPresent(m -> side(other).expect(peer(answer, m)));
                Sdp back = answerFor(p.offer(), answer, side(p.from()).port(), calls.mediaAddress(p.from().flow));
                side(other).negotiated(AudioFormats.of(answer));
                side(p.from()).negotiated(AudioFormats.of(back));
                if (p.from() == a) lastToA = back;
                else lastToB = back;
                respond(p.tx(), 200, "OK", back);
            } catch (SipParseException e) {
                p.tx().respond(488);
            }
        }, () -> pendingFailed(408), () -> pendingFailed(503)));
    }

    private void pendingFailed(int status) {
        if (pending == null) return;
        pending.tx().respond(status);
        pending = null;
    }

    /**
     * Transfer by REFER (RFC 3515): accepted with 202 and reported by NOTIFY with a message/sipfrag body, 100 Trying
     * first, 180 Ringing when the target rings, the final status last with the subscription terminated (§2.4.4,
     * §2.4.5); none when the transferor sent Refer-Sub: false (RFC 4488 §4). A Refer-To carrying Replaces is an
     * attended transfer ({@link #startAttended}); otherwise blind: the target's devices all ring, as for any call to
     * it, and the one that answers takes over the transferor's side of the relay, so the other party keeps its
     * dialog and media path untouched. When the target fails (busy, no answer, unknown), nothing changes for the
     * two parties: the transferee never left the transferor, who learns why from the NOTIFY and can resume it, as
     * a PBX's blind transfer with recall does. A transferor that hangs up without waiting (common with "blind"
     * buttons) does not end the call: the other party then waits for the target alone, and is released with BYE
     * if the target fails.
     */
    private void refer(ServerTransaction tx, Leg transferor) {
        SipRequest req = tx.request();
        List<Address> referTo = req.headers().addresses(HeaderNames.REFER_TO);
        if (referTo.size() != 1) {
            tx.respond(SipResponse.to(req, 400, "Exactly one Refer-To", tx.localTag()));   // §2.4.1
            return;
        }
        Replaces replaces;
        try {
            SipUri uri = referTo.get(0).sipUri();
            replaces = uri == null ? null : Replaces.fromUriHeaders(uri.headers()).orElse(null);
        } catch (SipParseException e) {
            tx.respond(SipResponse.to(req, 400, "Bad Replaces in Refer-To: " + e.getMessage(), tx.localTag()));
            return;
        }
        if (app != null || state != State.ANSWERED || other(transferor) == null) {
            tx.respond(SipResponse.to(tx.request(), 403, "Only an answered call between two phones can be transferred", tx.localTag()));
            return;
        }
        if (transfer != null) {
            tx.respond(491);
            return;
        }
        // RFC 4488 grammar: refer-sub-value *(SEMI exten); only the value matters to us.
        boolean subscribed = !req.headers().first(HeaderNames.REFER_SUB).map(v -> v.split(";", 2)[0].strip().equalsIgnoreCase("false")).orElse(false);
        ReferSubscription subscription = new ReferSubscription(subscribed, () -> request(transferor, SipRequest.NOTIFY),
                (notify, done) -> calls.layer.send(notify, transferor.flow, listener(resp -> {
                    if (!resp.provisional()) done.run();
                }, done, done)));
        Transfer t = new Transfer(transferor, subscription, replaces);
        transfer = t;
        SipResponse accepted = SipResponse.to(req, 202, "Accepted", tx.localTag());
        if (!subscribed) accepted = accepted.withHeaders(accepted.headers().add(HeaderNames.REFER_SUB, "false"));   // RFC 4488 §4
        tx.respond(accepted);
        SipUri target = referTo.get(0).sipUri();
        tx.afterResponses(() -> executor.execute(() -> {
            if (replaces == null) startTransfer(t, target);
            else startAttended(t);
        }));
    }

    /**
     * Attended transfer (RFC 5589 §7): Replaces names the transferor's dialog with the consulted party, which is
     * another call of ours. That call hands over its consulted leg ({@link #yieldConsulted}) and the answer comes
     * back here on our executor; a dialog we do not hold ends the transfer with 481 in the NOTIFY.
     */
    private void startAttended(Transfer t) {
        if (transfer != t || state == State.ENDED) return;
        notifyTransfer(t, "SIP/2.0 100 Trying", false);
        Replaces r = t.replaces;
        Call consulted = calls.byDialog(r.callId(), r.toTag());
        if (consulted == null || consulted == this) {
            transferFailed("SIP/2.0 481 Call/Transaction Does Not Exist");
            return;
        }
        String party = t.transferor.party;
        String transferee = other(t.transferor).party;
        consulted.executor.execute(() -> consulted.yieldConsulted(this, t, r, party, transferee));
    }

    /**
     * This call is the consultation of an attended transfer made in {@code into}. If {@code r} names our confirmed
     * dialog with the transferor's own extension, the consulted party's leg, its side of our relay and the relay go
     * to {@code into}, the transferor's leg here gets BYE and this call ends. Otherwise {@code into} hears why, as
     * RFC 3891 §3 answers an INVITE with Replaces: 481 for no such confirmed dialog (or someone else's), 486 when
     * only an early dialog may be replaced, 491 while this call is itself changing.
     */
    private void yieldConsulted(Call into, Transfer t, Replaces r, String party, String transferee) {
        Leg l = confirmedLeg(r);
        int refused = 0;
        if (l == null || !Objects.equals(l.party, party)) refused = 481;
        else if (r.earlyOnly()) refused = 486;
        else if (transfer != null || pending != null) refused = 491;
        if (refused != 0) {
            String sipfrag = "SIP/2.0 " + refused + " " + SipResponse.reasonFor(refused);
            into.executor.execute(() -> into.consultedRefused(t, sipfrag));
            return;
        }
        Leg kept = other(l);
        side(l).isolate();
        List<RtpRelay> relays = new ArrayList<>(adopted);
        relays.add(relay);
        Consulted c = new Consulted(kept, side(kept), relays, kept == a ? lastToA : lastToB);
        calls.register(kept, into);
        l.gone = true;
        send(request(l, SipRequest.BYE), l);
        transferredTo = transferee;
        end(CallRecord.Disposition.ANSWERED, false);
        into.executor.execute(() -> into.joinConsulted(t, c));
    }

    private void consultedRefused(Transfer t, String sipfrag) {
        if (transfer == t) transferFailed(sipfrag);
    }

    /**
     * The consulted party joins this call in the transferor's place: its relay side is bridged to the transferee's
     * (both phones keep sending where they did, so neither needs a re-INVITE), then the transferor hears 200 and
     * gets BYE. If the transferee hung up meanwhile, the consulted party is released instead.
     */
    private void joinConsulted(Transfer t, Consulted c) {
        if (transfer != t || state == State.ENDED) {
            c.leg().gone = true;
            send(request(c.leg(), SipRequest.BYE), c.leg());
            c.relays().forEach(RtpRelay::close);
            return;
        }
        Leg transferor = t.transferor;
        Leg transferee = other(transferor);
        side(transferee).join(c.side());
        side(transferor).isolate();
        adopted.addAll(c.relays());
        if (transferor == a) {
            a = c.leg();
            aSide = c.side();
            lastToA = c.lastTo();
        } else {
            b = c.leg();
            bSide = c.side();
            lastToB = c.lastTo();
        }
        transfer = null;
        transferredTo = c.leg().party;
        finishTransfer(t);
        LogKind.CALL.log("Call {}: {} transferred to {} (attended, by {})", id, transferee.party, c.leg().party, transferor.party);
    }

    /** Our confirmed dialog with a phone (not an exchange application) that {@code r} names, tags as RFC 3891 §3 compares them. */
    private Leg confirmedLeg(Replaces r) {
        if (state != State.ANSWERED || app != null) return null;
        for (Leg l : new Leg[] {a, b}) {
            if (l != null && other(l) != null && !l.gone && l.callId.equals(r.callId()) && l.localTag.equals(r.toTag())
                    && r.fromTag().equals(l.remoteTag)) {
                return l;
            }
        }
        return null;
    }

    /**
     * An INVITE with Replaces (RFC 3891 §3) naming one of this call's dialogs, from a phone of the extension that
     * dialog reaches (the call moved to another of its devices, or a phone completing an attended transfer itself):
     * the new dialog takes the old leg's place and side of the relay, the old one gets BYE. Another extension's
     * dialog, an unknown one and early dialogs get 481 (the caller's ringing leg was not initiated by us, and
     * we offer no call pickup); early-only on a confirmed dialog gets 486.
     */
    void replaceBy(ServerTransaction tx, Replaces r, Extension by) {
        SipRequest inv = tx.request();
        Leg old = confirmedLeg(r);
        if (old == null || !by.number().equals(old.party)) {
            tx.respond(481);
            return;
        }
        if (r.earlyOnly()) {
            tx.respond(SipResponse.to(inv, 486, "Busy Here", tx.localTag()));
            return;
        }
        if (transfer != null || pending != null) {
            tx.respond(491);
            return;
        }
        Sdp offer;
        try {
            offer = Sdp.parse(inv.body());
        } catch (SipParseException e) {
            tx.respond(SipResponse.to(inv, 488, "An SDP offer is required", tx.localTag()));
            return;
        }
        Optional<Sdp.Media> audio = audio(offer);
        if (audio.isEmpty()) {
            tx.respond(SipResponse.to(inv, 488, "No audio stream offered", tx.localTag()));
            return;
        }
        Address from = inv.headers().from();
        Leg leg = new Leg(inv.callId(), tx.localTag(), inv.headers().to().withParams(inv.headers().to().params().without("tag")),
                from.withParams(from.params().without("tag")), contactOf(inv).orElse(from.uri()), tx.flow(), ourContact(tx.flow(), by.number()), 0);
        leg.remoteTag = from.tag().orElse(null);
        leg.routeSet = Leg.routeSet(inv.headers().all(HeaderNames.RECORD_ROUTE), false);
        leg.party = by.number();
        RtpRelay.Side s = side(old);
        Sdp answer = answerFor(offer, old == a ? lastToA : lastToB, s.port(), calls.mediaAddress(tx.flow()));
        s.handOver(peer(offer, audio.get()));
        s.negotiated(AudioFormats.of(answer));
        calls.register(leg, this);
        if (old == a) {
            a = leg;
            lastToA = answer;
        } else {
            b = leg;
            lastToB = answer;
        }
        old.gone = true;
        retired.add(old);
        respond(tx, 200, "OK", answer);
        send(request(old, SipRequest.BYE), old);
        LogKind.CALL.log("Call {}: {} replaced its dialog {} by a new one from {}", id, by.number(), r.callId(), tx.flow().remote());
    }

    /** Runs once the 202 is on its way, so the first NOTIFY cannot overtake it. */
    private void startTransfer(Transfer t, SipUri uri) {
        if (transfer != t || state == State.ENDED) return;
        Leg transferor = t.transferor;
        notifyTransfer(t, "SIP/2.0 100 Trying", false);
        Optional<Extension> to = Optional.ofNullable(uri).map(SipUri::userUnescaped).flatMap(calls.extensions::get);
        if (to.isEmpty()) {
            transferFailed("SIP/2.0 404 Not Found");
            return;
        }
        List<Binding> devices = calls.extensions.active(to.get()) ? calls.location.lookup(to.get().number()) : List.of();
        if (devices.isEmpty()) {
            transferFailed("SIP/2.0 480 Temporarily Unavailable");
            return;
        }
        t.target = to.get();
        RtpRelay.Side side = side(transferor);
        String shownNumber = transferor == b ? caller.number() : callee.number();
        // The target gets what the staying party already uses, so no re-INVITE of that party is needed.
        Sdp current = transferor == b ? lastToA : offerA;
        String callIdC = TransactionLayer.newTag() + TransactionLayer.newTag() + "@switchboard";
        for (Binding device : devices) {
            String host = LocalAddresses.uriHost(calls.viaAddress(device.target()).getAddress().getHostAddress());
            Leg leg = new Leg(callIdC, TransactionLayer.newTag(), Address.of(SipUri.of(shownNumber, host, -1)),
                    Address.of(SipUri.of(to.get().number(), host, -1)),
                    device.contact().sipUri() == null ? device.contact().uri() : device.contact().sipUri().toString(), device.target(),
                    ourContact(device.target(), shownNumber), 0);
            leg.party = to.get().number();
            Sdp offer = relayed(current, side.port(), calls.mediaAddress(device.target()), true);
            Fork fork = new Fork(leg, withSdp(request(leg, SipRequest.INVITE), offer), TRANSFER_STAGE);
            t.forks.add(fork);
            forks.add(fork);
            calls.register(leg, this);
            calls.layer.send(fork.invite, leg.flow, listener(r -> onTransferResponse(t, fork, r, offer),
                    () -> onTransferFailed(t, fork, 408), () -> onTransferFailed(t, fork, 503)));
        }
        int ring = t.target.ringSeconds() > 0 ? t.target.ringSeconds() : calls.settings.get().ringSeconds();
        t.timer = calls.scheduler.schedule(Duration.ofSeconds(ring), executor, () -> {
            if (transfer != t) return;
            cancelOtherForks(null);
            transferFailed("SIP/2.0 480 No Answer");
        });
    }

    private void onTransferResponse(Transfer t, Fork fork, SipResponse resp, Sdp offer) {
        if (resp.provisional()) {
            if ((resp.status() == 180 || resp.status() == 183) && transfer == t && !t.ringingNotified) {
                t.ringingNotified = true;
                notifyTransfer(t, "SIP/2.0 " + resp.status() + " " + SipResponse.reasonFor(resp.status()), false);
            }
            return;
        }
        if (!resp.success()) {
            onTransferFailed(t, fork, resp.status());
            return;
        }
        fork.done = true;
        fork.status = resp.status();
        fork.leg.remoteTag = resp.headers().to().tag().orElse(null);
        contactOf(resp).ifPresent(c -> fork.leg.remoteTarget = c);
        ack(fork.leg, fork.invite);
        if (transfer != t || state == State.ENDED) {
            // Another device answered first, the transfer timed out or the call ended meanwhile.
            send(request(fork.leg, SipRequest.BYE), fork.leg);
            return;
        }
        if (t.timer != null) t.timer.cancel();
        cancelOtherForks(fork);
        Leg transferor = t.transferor;
        try {
            Sdp answer = Sdp.parse(resp.body());
            audio(answer).ifPresent(m -> side(transferor).handOver(peer(answer, m)));
            side(transferor).negotiated(AudioFormats.of(answer));
        } catch (SipParseException e) {
            LogKind.debug("sip", "call {}: transfer target answered without usable SDP", id);
        }
        if (transferor == a) {
            a = fork.leg;
            lastToA = offer;
        } else {
            b = fork.leg;
            lastToB = offer;
        }
        transfer = null;
        transferredTo = t.target.number();
        finishTransfer(t);
        LogKind.CALL.log("Call {}: {} transferred to {} (blind, by {})", id, other(fork.leg).party, t.target.number(), transferor.party);
    }

    /** The transferor hears 200 (§2.4.5) and, once that NOTIFY is answered, gets BYE: it is out of the call. */
    private void finishTransfer(Transfer t) {
        Leg transferor = t.transferor;
        retired.add(transferor);
        notifyTransfer(t, "SIP/2.0 200 OK", true);
        t.subscription.afterLast(() -> {
            if (transferor.gone || t.transferorGone) return;
            transferor.gone = true;
            send(request(transferor, SipRequest.BYE), transferor);
        });
    }

    private void onTransferFailed(Transfer t, Fork fork, int status) {
        if (fork.done) return;
        fork.done = true;
        fork.status = status;
        if (transfer != t || !t.forks.stream().allMatch(f -> f.done)) return;
        if (t.timer != null) t.timer.cancel();
        Fork first = t.forks.stream().filter(f -> f.status == 486 || f.status == 600).findFirst().orElse(t.forks.get(0));
        transferFailed("SIP/2.0 " + first.status + " " + SipResponse.reasonFor(first.status));
    }

    /** The transfer ends without a new party: the transferor is told, or, gone already, the other party is hung up. */
    private void transferFailed(String sipfrag) {
        Transfer t = transfer;
        transfer = null;
        notifyTransfer(t, sipfrag, true);
        LogKind.CALL.log("Call {}: transfer by {} to {} failed: {}", id, t.transferor.party,
                t.target != null ? t.target.number() : t.replaces != null ? "the consulted call" : "?", sipfrag);
        if (t.transferorGone && state != State.ENDED) {
            send(request(other(t.transferor), SipRequest.BYE), other(t.transferor));
            end(CallRecord.Disposition.ANSWERED);
        }
    }

    private void notifyTransfer(Transfer t, String sipfrag, boolean terminated) {
        if (!t.transferorGone && !t.transferor.gone) t.subscription.progress(sipfrag, terminated);
    }

    private void cancelOtherForks(Fork winner) {
        for (Fork f : forks) {
            if (f == winner || f.done) continue;
            f.done = true;
            f.status = 487;
            SipRequest inv = f.invite;
            Headers h = Headers.EMPTY.add(HeaderNames.VIA, inv.headers().first(HeaderNames.VIA).orElseThrow())
                    .add(HeaderNames.MAX_FORWARDS, "70")
                    .add(HeaderNames.FROM, inv.headers().first(HeaderNames.FROM).orElseThrow())
                    .add(HeaderNames.TO, inv.headers().first(HeaderNames.TO).orElseThrow())
                    .add(HeaderNames.CALL_ID, inv.callId())
                    .add(HeaderNames.CSEQ, inv.cseq().number() + " CANCEL");   // §9.1
            send(new SipRequest(SipRequest.CANCEL, inv.uri(), h, null), f.leg);
        }
    }

    private void fail(int status, String reason, CallRecord.Disposition disposition) {
        if (state == State.ENDED) return;
        inviteTx.respond(SipResponse.to(inviteTx.request(), status, reason, inviteTx.localTag()));
        end(disposition);
    }

    private void end(CallRecord.Disposition disposition) {
        end(disposition, true);
    }

    /** @param closeMedia false when the relay went to another call (attended transfer) */
    private void end(CallRecord.Disposition disposition, boolean closeMedia) {
        if (state == State.ENDED) return;
        state = State.ENDED;
        if (ringTimer != null) ringTimer.cancel();
        if (transfer != null && transfer.timer != null) transfer.timer.cancel();
        if (closeMedia) {
            relay.close();
            adopted.forEach(RtpRelay::close);
        }
        calls.ended(this);
        Instant end = calls.clock.instant();
        long duration = answered == null ? 0 : Duration.between(answered, end).toSeconds();
        calls.history.add(new CallRecord(id, caller.number(), callerName, dialled, start, answered, end, duration, disposition,
                aSide.packetsReceived(), bSide.packetsReceived(), transferredTo));
    }

    private void respondA(int status, String reason, Sdp sdp) {
        respond(inviteTx, status, reason, sdp);
    }

    private void respond(ServerTransaction tx, int status, String reason, Sdp sdp) {
        SipResponse resp = SipResponse.to(tx.request(), status, reason, tx.localTag());
        Headers h = resp.headers().add(HeaderNames.CONTACT, ourContact(tx.flow(), callee.number()));
        if (status >= 200 && status < 300) h = h.add(HeaderNames.ALLOW, "INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, INFO, UPDATE");
        resp = resp.withHeaders(h);
        if (sdp != null) resp = resp.withBody("application/sdp", sdp.toBytes());
        tx.respond(resp);
    }

    private SipRequest request(Leg leg, String method) {
        InetSocketAddress via = calls.viaAddress(leg.flow);
        return leg.request(method, LocalAddresses.uriHost(via.getAddress().getHostAddress()), via.getPort());
    }

    /** ACK for a 2xx: a new transaction-less request with the INVITE's CSeq number (§13.2.2.4). */
    private void ack(Leg leg, SipRequest invite) {
        InetSocketAddress via = calls.viaAddress(leg.flow);
        calls.layer.sendStateless(leg.request(SipRequest.ACK, invite.cseq().number(), LocalAddresses.uriHost(via.getAddress().getHostAddress()), via.getPort()), leg.flow);
    }

    private void send(SipRequest r) {
        Leg leg = r.callId().equals(a.callId) ? a : b;
        for (Fork f : forks) if (f.leg.callId.equals(r.callId()) && r.headers().from().tag().orElse("").equals(f.leg.localTag)) leg = f.leg;
        send(r, leg);
    }

    private void send(SipRequest r, Leg leg) {
        calls.layer.send(r, leg.flow, listener(x -> { }, () -> { }, () -> { }));
    }

    private ClientTransaction.Listener listener(java.util.function.Consumer<SipResponse> onResponse, Runnable onTimeout, Runnable onError) {
        return new ClientTransaction.Listener() {
            @Override public void onResponse(SipResponse response) { executor.execute(() -> onResponse.accept(response)); }
            @Override public void onTimeout() { executor.execute(onTimeout); }
            @Override public void onTransportError() { executor.execute(onError); }
        };
    }

    private Leg legOf(SipRequest r) {
        String tag = r.headers().to().tag().orElse("");
        if (a != null && a.callId.equals(r.callId()) && a.localTag.equals(tag)) return a;
        if (b != null && b.callId.equals(r.callId()) && b.localTag.equals(tag)) return b;
        return null;
    }

    private Leg other(Leg leg) { return leg == a ? b : a; }

    private RtpRelay.Side side(Leg leg) { return leg == a ? aSide : bSide; }

    private String ourContact(org.switchboard.pbx.sip.transport.Flow flow, String user) {
        InetSocketAddress via = calls.viaAddress(flow);
        String transport = flow.transport() == org.switchboard.pbx.sip.transport.Transport.UDP ? "" : ";transport=" + flow.transport().name().toLowerCase(java.util.Locale.ROOT);
        return "<sip:" + user + "@" + LocalAddresses.uriHost(via.getAddress().getHostAddress()) + ":" + via.getPort() + transport + ">";
    }

    private static Optional<String> contactOf(org.switchboard.pbx.sip.codec.SipMessage m) {
        return m.headers().contacts().stream().findFirst().map(Address::uri);
    }

    private static SipRequest withSdp(SipRequest r, Sdp sdp) {
        return r.withBody("application/sdp", sdp.toBytes());
    }

    static Optional<Sdp.Media> audio(Sdp sdp) {
        return sdp.media().stream().filter(m -> m.type().equals("audio") && m.port() != 0).findFirst();
    }

    static InetSocketAddress peer(Sdp sdp, Sdp.Media m) {
        return new InetSocketAddress(sdp.connectionFor(m).orElse("0.0.0.0"), m.port());
    }

    /**
     * An offer through the relay: our address and port for audio, with both G.711 laws (the relay converts between
     * them, {@link AudioFormats}), other streams dropped (we only relay audio).
     */
    static Sdp relayed(Sdp offer, int port, String address, boolean dropOthers) {
        List<Sdp.Media> media = new ArrayList<>();
        boolean audioDone = false;
        for (Sdp.Media m : AudioFormats.withBothLaws(offer).media()) {
            if (!audioDone && m.type().equals("audio") && m.port() != 0) {
                media.add(m.withPort(port).withLines(m.lines().stream().filter(l -> l.type() != 'c').toList()));
                audioDone = true;
            } else if (!dropOthers) {
                media.add(m.withPort(0));
            }
        }
        return offer.withMedia(media).withConnection(address).withOrigin("switchboard", 1, System.currentTimeMillis() / 1000, address);
    }

    /**
     * Our answer to {@code offer} given the other side's {@code answer}: one m= line per offered stream (RFC 3264
     * §6), audio carrying the other side's choice of formats in the offer's numbering at our relay port
     * ({@link AudioFormats#answer}), every other stream refused (port 0).
     */
    static Sdp answerFor(Sdp offer, Sdp answer, int port, String address) {
        Optional<Sdp.Media> chosen = audio(answer);
        List<Sdp.Media> media = new ArrayList<>();
        boolean audioDone = false;
        for (Sdp.Media m : offer.media()) {
            if (!audioDone && m.type().equals("audio") && m.port() != 0 && chosen.isPresent()) {
                media.add(AudioFormats.answer(m, chosen.get(), port));
                audioDone = true;
            } else {
                media.add(new Sdp.Media(m.type(), 0, m.protocol(), m.formats(), List.of()));
            }
        }
        List<Sdp.Line> session = new ArrayList<>();
        for (Sdp.Line l : answer.session()) if (l.type() != 'c') session.add(l);
        return new Sdp(session, media).withConnection(address).withOrigin("switchboard", 1, System.currentTimeMillis() / 1000, address);
    }
}
