package org.switchboard.pbx.registrar;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;
import org.switchboard.pbx.PbxSettings;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.sip.codec.Address;
import org.switchboard.pbx.sip.codec.HeaderNames;
import org.switchboard.pbx.sip.codec.Headers;
import org.switchboard.pbx.sip.codec.SipRequest;
import org.switchboard.pbx.sip.codec.SipResponse;
import org.switchboard.pbx.sip.transaction.ServerTransaction;

/**
 * REGISTER processing (RFC 3261 §10.3): authenticate, then add, refresh or remove the extension's bindings and
 * answer with all current contacts. Several devices per extension; RFC 5626 +sip.instance/reg-id identify a
 * device when present (its outbound features are not offered). A device registering under a generated name
 * (guide ch. 16) is its own address-of-record: it sees and changes only the bindings made under that name. Runs on the transaction's executor; the
 * location update is atomic per extension.
 */
public final class Registrar {
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final SipAuthentication authentication;
    private final Location location;
    private final Supplier<PbxSettings> settings;
    private final InstantSource clock;

    public Registrar(SipAuthentication authentication, Location location, Supplier<PbxSettings> settings, InstantSource clock) {
        this.authentication = authentication;
        this.location = location;
        this.settings = settings;
        this.clock = clock;
    }

    public void handle(ServerTransaction tx) {
        SipRequest r = tx.request();
        Address to = r.headers().to();
        if (to.sipUri() == null || to.sipUri().user() == null) {
            tx.respond(SipResponse.to(r, 400, "To must name an extension", tx.localTag()));
            return;
        }
        Optional<SipIdentity> who = authentication.authenticate(tx, false);
        if (who.isEmpty()) return;
        Extension x = who.get().extension();
        String authUser = who.get().user();
        String aor = to.sipUri().userUnescaped();
        // §10.3 step 3: the authenticated identity may only change its own bindings.
        if (!aor.equals(x.number()) && !aor.equals(authUser)) {
            tx.respond(SipResponse.to(r, 403, "Not allowed to register this extension", tx.localTag()));
            return;
        }
        // A generated device name is an address-of-record of its own that forks into the extension: its REGISTERs
        // see, replace and remove only its own bindings, so phones sharing an extension cannot undo each other.
        Predicate<Binding> mine = who.get().device() ? b -> b.authUser().equals(authUser) : b -> true;
        PbxSettings s = settings.get();
        Optional<Integer> headerExpires = r.headers().integer(HeaderNames.EXPIRES);
        List<Binding> result;
        if (r.headers().contactWildcard()) {
            // §10.3 step 6: "*" only alone and with Expires: 0.
            if (!r.headers().contacts().isEmpty() || headerExpires.orElse(-1) != 0) {
                tx.respond(SipResponse.to(r, 400, "Contact * needs Expires: 0 and no other contact", tx.localTag()));
                return;
            }
            location.update(x.number(), current -> current.stream().filter(mine.negate()).toList());
            result = List.of();
        } else {
            List<Address> contacts = r.headers().contacts();
            for (Address c : contacts) {
                int e = expires(c, headerExpires, s);
                if (e > 0 && e < s.minExpires()) {
                    SipResponse brief = SipResponse.to(r, 423, "Interval Too Brief", tx.localTag());
                    tx.respond(brief.withHeaders(brief.headers().add(HeaderNames.MIN_EXPIRES, String.valueOf(s.minExpires()))));
                    return;
                }
            }
            Instant now = clock.instant();
            String agent = r.headers().first(HeaderNames.USER_AGENT).orElse("");
            List<Binding> all = contacts.isEmpty() ? location.lookup(x.number()) : location.update(x.number(), current -> {
                List<Binding> next = new ArrayList<>(current);
                for (Address c : contacts) {
                    int e = Math.min(expires(c, headerExpires, s), s.maxExpires());
                    String instance = c.params().raw("+sip.instance").orElse(null);
                    String regId = c.params().get("reg-id").orElse(null);
                    Binding old = next.stream().filter(mine).filter(b -> b.sameDevice(c, instance, regId)).findFirst().orElse(null);
                    // §10.3 step 7: an older request (same Call-ID, lower or equal CSeq) does not undo a newer one.
                    if (old != null && old.callId().equals(r.callId()) && old.cseq() >= r.cseq().number()) continue;
                    if (old != null) next.remove(old);
                    if (e == 0) continue;
                    Address stored = c.withParams(c.params().without("expires").without("q"));
                    next.add(new Binding(x.number(), stored, tx.flow(), r.callId(), r.cseq().number(), now.plusSeconds(e),
                            instance, regId, authUser, agent, Binding.natSeen(c, r.headers().vias().get(0), tx.flow())));
                }
                // Over the device limit the binding closest to expiry goes, so a phone that changed address still gets in.
                next.sort(Comparator.comparing(Binding::expires).reversed());
                return next.size() > s.maxContacts() ? next.subList(0, s.maxContacts()) : next;
            });
            result = all.stream().filter(mine).toList();
            LogKind.debug("sip", "extension {} registered as {} from {}: {} binding(s)", x.number(), authUser, tx.flow(), result.size());
        }
        SipResponse ok = SipResponse.to(r, 200, "OK", tx.localTag());
        Headers h = ok.headers();
        Instant now = clock.instant();
        for (Binding b : result) {
            long left = Math.max(0, Duration.between(now, b.expires()).toSeconds());
            h = h.add(HeaderNames.CONTACT, b.contact().withParams(b.contact().params().with("expires", String.valueOf(left))).toString());
        }
        h = h.add(HeaderNames.DATE, RFC1123.format(now));
        tx.respond(ok.withHeaders(h));
    }

    /** §10.2.1.1: the contact's expires parameter, else the Expires header, else our default (the maximum). */
    private static int expires(Address contact, Optional<Integer> header, PbxSettings s) {
        Optional<Integer> param = contact.params().get("expires").filter(v -> v.matches("\\d{1,10}"))
                .map(Long::parseLong).map(v -> (int) Math.min(v, Integer.MAX_VALUE));
        return param.or(() -> header).orElse(s.maxExpires());
    }
}
