package org.switchboard.pbx.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.switchboard.pbx.media.G711;
import org.switchboard.pbx.media.RtpFormats;
import org.switchboard.pbx.sip.codec.Sdp;

/**
 * The exchange's own answer when an application takes the call: one G.711 format from the caller's offer, in the
 * caller's order of preference (RFC 3264 §6.1), plus telephone-event when offered (RFC 4733 §2.5.1), at the
 * relay's A-side port. When early media already gave the caller an answer, that answer stands (RFC 3261
 * §13.3.1.1: the 2xx repeats the answer already sent) and the formats are read from it.
 */
record AppMedia(Sdp answer, int audioType, int eventType) {
    static Optional<AppMedia> answer(Sdp offer, Sdp early, int port, String address) {
        if (early != null) {
            Optional<Sdp.Media> m = Call.audio(early);
            Optional<Integer> g711 = m.flatMap(AppMedia::firstG711);
            if (g711.isPresent()) return Optional.of(new AppMedia(early, g711.get(), m.flatMap(AppMedia::telephoneEvent).orElse(-1)));
        }
        Optional<Sdp.Media> offered = Call.audio(offer);
        Optional<Integer> audio = offered.flatMap(AppMedia::firstG711);
        if (audio.isEmpty()) return Optional.empty();
        Optional<Integer> event = offered.flatMap(AppMedia::telephoneEvent);
        List<String> formats = new ArrayList<>(List.of(audio.get().toString()));
        List<Sdp.Line> lines = new ArrayList<>();
        lines.add(new Sdp.Line('a', "rtpmap:" + audio.get() + (audio.get() == G711.PCMU ? " PCMU/8000" : " PCMA/8000")));
        event.ifPresent(pt -> {
            formats.add(pt.toString());
            lines.add(new Sdp.Line('a', "rtpmap:" + pt + " telephone-event/8000"));
            lines.add(new Sdp.Line('a', "fmtp:" + pt + " 0-15"));
        });
        lines.add(new Sdp.Line('a', "ptime:20"));
        lines.add(new Sdp.Line('a', "sendrecv"));
        List<Sdp.Media> media = new ArrayList<>();
        boolean done = false;
        for (Sdp.Media m : offer.media()) {
            if (!done && offered.isPresent() && m == offered.get()) {
                media.add(new Sdp.Media("audio", port, m.protocol(), formats, lines));
                done = true;
            } else {
                media.add(new Sdp.Media(m.type(), 0, m.protocol(), m.formats(), List.of()));   // §6: refused streams keep their line
            }
        }
        List<Sdp.Line> session = List.of(new Sdp.Line('v', "0"), new Sdp.Line('o', "switchboard 1 1 IN IP4 " + address),
                new Sdp.Line('s', "-"), new Sdp.Line('t', "0 0"));
        Sdp answer = new Sdp(session, media).withConnection(address).withOrigin("switchboard", 1, System.currentTimeMillis() / 1000, address);
        return Optional.of(new AppMedia(answer, audio.get(), event.orElse(-1)));
    }

    private static Optional<Integer> firstG711(Sdp.Media m) {
        for (String f : m.formats()) {
            if (f.equals("0") || f.equals("8")) return Optional.of(Integer.parseInt(f));
        }
        return Optional.empty();
    }

    private static Optional<Integer> telephoneEvent(Sdp.Media m) {
        return AudioFormats.encodings(m).entrySet().stream().filter(e -> e.getKey() >= 96 && e.getValue().equals(RtpFormats.TELEPHONE_EVENT))
                .map(Map.Entry::getKey).findFirst();
    }
}
