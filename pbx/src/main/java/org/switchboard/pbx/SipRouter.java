package org.switchboard.pbx;

import java.util.List;
import java.util.Locale;
import org.switchboard.pbx.call.Calls;
import org.switchboard.pbx.registrar.Registrar;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transaction.ServerTransaction;
import org.switchboard.pbx.sip.transaction.TransactionUser;
import org.switchboard.pbx.sip.transport.Flow;

/**
 * The exchange's transaction user: checks what every UAS checks first (RFC 3261 §8.2: URI scheme, Require,
 * Content-Type) and hands each request to its handler with one switch over the method. Runs on the transaction's
 * executor; handlers either answer at once or pass the work to a call's own executor.
 */
final class SipRouter implements TransactionUser {
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER, NOTIFY, INFO, UPDATE";
    /** Option tags we implement: Replaces (RFC 3891 §6.2) and REFER without subscription (RFC 4488). */
    static final List<String> SUPPORTED = List.of("replaces", "norefersub");

    private final Registrar registrar;
    private final Calls calls;

    SipRouter(Registrar registrar, Calls calls) {
        this.registrar = registrar;
        this.calls = calls;
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        SipRequest r = tx.request();
        String scheme = r.uri().substring(0, Math.max(0, r.uri().indexOf(':'))).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            tx.respond(416);                                   // §8.2.2.1
            return;
        }
        List<String> required = r.headers().all(HeaderNames.REQUIRE).stream()
                .filter(tag -> !SUPPORTED.contains(tag.strip().toLowerCase(Locale.ROOT))).toList();
        if (!required.isEmpty() && !r.is(SipRequest.CANCEL)) {
            // §8.2.2.3: every required option tag we do not implement is named in Unsupported.
            SipResponse bad = SipResponse.to(r, 420, "Bad Extension", tx.localTag());
            Headers h = bad.headers();
            for (String tag : required) h = h.add(HeaderNames.UNSUPPORTED, tag);
            tx.respond(bad.withHeaders(h));
            return;
        }
        boolean inDialog = r.headers().to().tag().isPresent();
        switch (r.method()) {
            case SipRequest.REGISTER -> registrar.handle(tx);
            case SipRequest.OPTIONS -> options(tx);
            case SipRequest.INVITE -> {
                if (r.body().length > 0 && !isSdp(r)) {
                    SipResponse unsupported = SipResponse.to(r, 415, "Unsupported Media Type", tx.localTag());
                    tx.respond(unsupported.withHeaders(unsupported.headers().add(HeaderNames.ACCEPT, "application/sdp")));
                } else if (inDialog) {
                    calls.inDialog(tx);
                } else {
                    calls.invite(tx);
                }
            }
            case SipRequest.BYE, SipRequest.REFER, SipRequest.INFO, SipRequest.UPDATE, SipRequest.NOTIFY -> {
                if (inDialog) calls.inDialog(tx);
                else tx.respond(481);
            }
            case SipRequest.SUBSCRIBE, SipRequest.MESSAGE, SipRequest.PRACK, "PUBLISH" -> notAllowed(tx, 405);
            default -> notAllowed(tx, 501);                    // §8.2.1
        }
    }

    /**
     * OPTIONS is answered the same for any Request-URI, so it reveals nothing about which extensions exist
     * (svwar -m OPTIONS).
     */
    private void options(ServerTransaction tx) {
        SipResponse ok = SipResponse.to(tx.request(), 200, "OK", tx.localTag());
        tx.respond(ok.withHeaders(ok.headers().add(HeaderNames.ALLOW, ALLOW).add(HeaderNames.ACCEPT, "application/sdp")
                .add(HeaderNames.SUPPORTED, String.join(", ", SUPPORTED))));
    }

    private static void notAllowed(ServerTransaction tx, int status) {
        SipResponse r = SipResponse.to(tx.request(), status, SipResponse.reasonFor(status), tx.localTag());
        tx.respond(r.withHeaders(r.headers().add(HeaderNames.ALLOW, ALLOW)));
    }

    private static boolean isSdp(SipRequest r) {
        return r.headers().first(HeaderNames.CONTENT_TYPE).map(v -> v.toLowerCase(Locale.ROOT).startsWith("application/sdp")).orElse(false);
    }

    @Override
    public void onCancel(ServerTransaction invite) { calls.cancel(invite); }

    @Override
    public void onAck(SipRequest ack, Flow flow) { calls.ack(ack, flow); }

    @Override
    public void onStrayResponse(SipResponse response, Flow flow) { calls.strayResponse(response, flow); }
}
