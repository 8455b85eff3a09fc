package org.switchboard.pbx.call;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.switchboard.core.directory.User;
import org.switchboard.pbx.PbxSettings;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.Extensions;
import org.switchboard.pbx.media.MediaClock;
import org.switchboard.pbx.media.RtpPorts;
import org.switchboard.pbx.media.RtpRelay;
import org.switchboard.pbx.registrar.Location;
import org.switchboard.pbx.registrar.SipAuthentication;
import org.switchboard.pbx.registrar.SipIdentity;
import org.switchboard.pbx.sip.Scheduler;
import org.switchboard.pbx.sip.SerialExecutor;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Replaces;
import org.switchboard.pbx.sip.codec.SipParseException;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transaction.ServerTransaction;
import org.switchboard.pbx.sip.transaction.TransactionLayer;
import org.switchboard.pbx.sip.transport.Flow;
import org.switchboard.pbx.voicemail.Voicemail;

/**
 * The back-to-back user agent's switchboard: authenticates callers (407, RFC 3261 §22.3), finds the called
 * extension's registered devices, creates a {@link Call} per call and routes in-dialog requests, CANCELs, ACKs
 * and stray responses to it by dialog (Call-ID and our tag), and an INVITE with Replaces to the call holding the
 * dialog it names. Everything a call does happens on its own serial executor; this class only looks up and hands
 * over. Thread-safe.
 */
public final class Calls {
    /** A call in progress, for the admin view. */
    public record ActiveCall(String id, String caller, String callee, String state, java.time.Instant start, java.time.Instant answer) {}

    final SipAuthentication authentication;
    final Extensions extensions;
    final Location location;
    final TransactionLayer layer;
    final Scheduler scheduler;
    final Executor backing;
    final Supplier<PbxSettings> settings;
    final Supplier<RtpPorts> ports;
    final CallHistory history;
    final InstantSource clock;
    final Voicemail voicemail;
    final MediaClock mediaClock;
    final LocalAddresses addresses = new LocalAddresses();
    private final Map<String, Call> byLeg = new ConcurrentHashMap<>();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();

    public Calls(SipAuthentication authentication, Extensions extensions, Location location, TransactionLayer layer, Scheduler scheduler,
                 Executor backing, Supplier<PbxSettings> settings, Supplier<RtpPorts> ports, CallHistory history, InstantSource clock,
                 Voicemail voicemail, MediaClock mediaClock) {
        this.authentication = authentication;
        this.extensions = extensions;
        this.location = location;
        this.layer = layer;
        this.scheduler = scheduler;
        this.backing = backing;
        this.settings = settings;
        this.ports = ports;
        this.history = history;
        this.clock = clock;
        this.voicemail = voicemail;
        this.mediaClock = mediaClock;
    }

    public List<ActiveCall> active() {
        return calls.values().stream().map(Call::view).toList();
    }

    /** A new INVITE (no To tag). Runs on the transaction's executor; the call takes over on its own. */
    public void invite(ServerTransaction tx) {
        Optional<Extension> caller = authentication.authenticate(tx, true).map(SipIdentity::extension);
        if (caller.isEmpty()) return;
        SipRequest r = tx.request();
        Optional<String> replaces = r.headers().first(HeaderNames.REPLACES);
        if (replaces.isPresent()) {
            replace(tx, caller.get(), replaces.get());
            return;
        }
        String dialled = r.sipUri().map(u -> u.userUnescaped()).orElse(null);
        if (dialled == null) dialled = r.headers().to().sipUri() == null ? null : r.headers().to().sipUri().userUnescaped();
        PbxSettings s = settings.get();
        Application direct = null;
        Optional<Extension> callee;
        if (dialled != null && dialled.equals(s.voicemailNumber())) {
            // Guide §20.1: the access number opens the caller's own mailbox.
            callee = caller;
            java.net.InetAddress from = tx.flow().remote().getAddress();
            Extension box = caller.get();
            direct = new Application("voicemail access", session -> voicemail.access(session, box, from), CallRecord.Disposition.ANSWERED);
        } else if (dialled != null && !s.voicemailPrefix().isEmpty() && dialled.startsWith(s.voicemailPrefix())
                && dialled.length() > s.voicemailPrefix().length()) {
            // Guide §20.2: prefix + extension goes straight to that extension's voicemail.
            callee = extensions.get(dialled.substring(s.voicemailPrefix().length()));
            if (callee.isPresent()) direct = leaveMessage(callee.get(), caller.get(), callerName(caller.get(), r));
        } else {
            callee = dialled == null ? Optional.empty() : extensions.get(dialled);
        }
        if (callee.isEmpty()) {
            tx.respond(404);
            return;
        }
        if (!extensions.active(callee.get())) {
            tx.respond(SipResponse.to(r, 480, "Temporarily Unavailable", tx.localTag()));
            return;
        }
        List<RingStage> stages = direct != null ? List.of() : RingStage.plan(callee.get(), extensions, s.ringSeconds());
        RtpRelay relay;
        try {
            relay = new RtpRelay(ports.get());
        } catch (IOException e) {
            tx.respond(SipResponse.to(r, 503, "No media ports free", tx.localTag()));
            return;
        }
        Call call = new Call(this, new SerialExecutor(backing), tx, caller.get(), callerName(caller.get(), r), callee.get(), dialled, stages, direct, relay);
        calls.put(call.id, call);
        call.executor.execute(call::start);
    }

    /** RFC 3891 §3: an INVITE replacing one of our dialogs goes to the call holding it; an unknown dialog gets 481. */
    private void replace(ServerTransaction tx, Extension caller, String value) {
        Replaces r;
        try {
            r = Replaces.parse(value);
        } catch (SipParseException e) {
            tx.respond(SipResponse.to(tx.request(), 400, "Bad Replaces: " + e.getMessage(), tx.localTag()));
            return;
        }
        Call call = byDialog(r.callId(), r.toTag());
        if (call == null) {
            tx.respond(481);
            return;
        }
        call.executor.execute(() -> call.replaceBy(tx, r, caller));
    }

    /** The call holding our dialog with Call-ID {@code callId} and our tag {@code localTag}, or null. */
    Call byDialog(String callId, String localTag) { return byLeg.get(callId + "|" + localTag); }

    /** The voicemail application leaving a message for {@code box} from {@code caller}. */
    Application leaveMessage(Extension box, Extension caller, String callerName) {
        return new Application("voicemail", session -> voicemail.leave(session, box, caller.number(), callerName), CallRecord.Disposition.VOICEMAIL);
    }

    private String callerName(Extension x, SipRequest r) {
        if (!x.displayName().isEmpty()) return x.displayName();
        Optional<String> full = extensions.owner(x).map(User::fullName).filter(n -> !n.isBlank());
        return full.orElse(r.headers().from().displayName());
    }

    public void inDialog(ServerTransaction tx) {
        SipRequest r = tx.request();
        Call call = byLeg.get(r.callId() + "|" + r.headers().to().tag().orElse(""));
        if (call == null) {
            tx.respond(481);
            return;
        }
        call.executor.execute(() -> call.onRequest(tx));
    }

    public void cancel(ServerTransaction invite) {
        Call call = byLeg.get(invite.request().callId() + "|" + invite.localTag());
        if (call != null) call.executor.execute(call::onCancel);
    }

    public void ack(SipRequest ack, Flow flow) {
        // The ACK for our 2xx needs nothing from the call: the transaction layer stopped retransmitting already.
    }

    /** A retransmitted 2xx after the INVITE transaction ended: the ACK got lost, send it again (§13.2.2.4). */
    public void strayResponse(SipResponse response, Flow flow) {
        if (!response.success() || !response.cseq().method().equals(SipRequest.INVITE)) return;
        Call call = byLeg.get(response.callId() + "|" + response.headers().from().tag().orElse(""));
        if (call != null) call.executor.execute(() -> call.onStray2xx(response));
    }

    void register(Leg leg, Call call) { byLeg.put(leg.key(), call); }

    void ended(Call call) {
        calls.remove(call.id);
        byLeg.values().removeIf(c -> c == call);
    }

    InetSocketAddress viaAddress(Flow flow) {
        String host = addresses.toward(flow.local(), flow.remote().getAddress(), "");
        return new InetSocketAddress(host, flow.local() == null ? 5060 : flow.local().getPort());
    }

    String mediaAddress(Flow flow) {
        return addresses.toward(flow.local(), flow.remote().getAddress(), settings.get().mediaAddress());
    }
}
