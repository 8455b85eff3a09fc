package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.directory.UserChange;
import org.switchboard.pbx.registrar.Binding;
import org.switchboard.pbx.sip.codec.Address;
import org.switchboard.pbx.sip.codec.AuthParams;
import org.switchboard.pbx.sip.codec.SipResponse;

/** REGISTER behaviour over real UDP (RFC 3261 §10.3) and the exchange's answers to refused messages. */
class RegistrarTest {
    PbxFixture f;
    TestPhone phone;
    final LogCapture security = new LogCapture("switchboard.security");

    @BeforeEach
    void setUp() throws Exception {
        f = new PbxFixture(0, 31800);
        f.user("bob@example.com", "Bob Example");
        f.extension("1000", "bob@example.com", "S1p-Secret!1000");
        f.extension("1001", null, "S1p-Secret!1001");
        f.pbx.start();
        phone = new TestPhone(f.pbx.udpPort());
    }

    @AfterEach
    void tearDown() {
        security.close();
        if (phone != null) phone.close();
        if (f != null) f.close();
    }

    String contact(int port, String params) { return "Contact: <sip:1000@127.0.0.1:" + port + ">" + params + "\n"; }

    @Test
    void challenge_knownAndUnknownExtension_identicalApartFromNonce() throws Exception {
        SipResponse known = phone.exchange(phone.register("1000", "k1", contact(phone.port(), ""), "", null));
        SipResponse unknown = phone.exchange(phone.register("7777", "u1", contact(phone.port(), ""), "", null));
        assertThat(known.status()).isEqualTo(401).isEqualTo(unknown.status());
        assertThat(known.reason()).isEqualTo(unknown.reason());
        assertThat(known.headers().list()).extracting(h -> h.name()).isEqualTo(unknown.headers().list().stream().map(h -> h.name()).toList());
        List<String> a = known.headers().all("WWW-Authenticate").stream().map(v -> v.replaceAll("nonce=\"[^\"]*\"", "")).toList();
        List<String> b = unknown.headers().all("WWW-Authenticate").stream().map(v -> v.replaceAll("nonce=\"[^\"]*\"", "")).toList();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void register_twoDevicesRefreshAndUnregister_bindingsFollow() throws Exception {
        SipResponse r1 = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "dev1", contact(40001, ";expires=120"), "");
        assertThat(r1.status()).isEqualTo(200);
        SipResponse r2 = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "dev2", contact(40002, ""), "Expires: 600\n");
        assertThat(r2.status()).isEqualTo(200);
        assertThat(r2.headers().contacts()).hasSize(2);
        assertThat(f.pbx.registrations()).extracting(b -> b.contact().sipUri().port()).containsExactlyInAnyOrder(40001, 40002);
        assertThat(r2.headers().contacts()).anyMatch(c -> c.sipUri().port() == 40002 && Integer.parseInt(c.params().get("expires").orElse("0")) >= 598);
        SipResponse gone = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "dev1", contact(40001, ";expires=0"), "");
        assertThat(gone.headers().contacts()).extracting(c -> c.sipUri().port()).containsExactly(40002);
        SipResponse all = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "dev2", "Contact: *\n", "Expires: 0\n");
        assertThat(all.status()).isEqualTo(200);
        assertThat(f.pbx.registrations()).isEmpty();
    }

    @Test
    void register_outboundInstanceAndRegId_toleratedAndKeyedByInstance() throws Exception {
        String instance = ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1";
        SipResponse r1 = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "ob1", contact(40011, instance), "Supported: outbound, path\n");
        assertThat(r1.status()).isEqualTo(200);
        Address echoed = r1.headers().contacts().get(0);
        assertThat(echoed.params().get("+sip.instance")).contains("<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>");
        // Same device, new contact port (a restarted phone): replaces its binding rather than adding one.
        SipResponse r2 = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "ob2", contact(40012, instance), "");
        assertThat(r2.headers().contacts()).hasSize(1);
        assertThat(f.pbx.registrations()).extracting(Binding::instance).containsExactly("\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"");
    }

    @Test
    void register_disabledOwner_refusedAndLogged() throws Exception {
        f.directory.updateUser(Actor.SERVER, "bob@example.com", UserChange.enabled(false));
        SipResponse r = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "dis", contact(40021, ""), "");
        assertThat(r.status()).isEqualTo(403);
        assertThat(security.lines()).anyMatch(l -> l.contains("Authentication failed") && l.contains("account disabled"));
        assertThat(f.pbx.registrations()).isEmpty();
    }

    @Test
    void register_wrongPassword_challengedAgainAndLogged() throws Exception {
        SipResponse r = phone.registerWithAuth("1000", "1000", "wrong", "bad", contact(40031, ""), "");
        assertThat(r.status()).isEqualTo(401);
        assertThat(security.lines()).anyMatch(l -> l.contains("Authentication failed: user '1000' from 127.0.0.1 to sip"));
    }

    @Test
    void register_otherExtensionOrTooBrief_refused() throws Exception {
        assertThat(phone.registerWithAuth("1001", "1000", "S1p-Secret!1000", "oth", "Contact: <sip:1001@127.0.0.1:40041>\n", "").status()).isEqualTo(403);
        SipResponse brief = phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "brf", contact(40042, ";expires=10"), "");
        assertThat(brief.status()).isEqualTo(423);
        assertThat(brief.headers().first("Min-Expires")).contains("60");
    }

    @Test
    void register_sha256Preferred_accepted() throws Exception {
        PbxSettings s = f.settings.get();
        f.settings.set(new PbxSettings(s.enabled(), s.listenAddress(), s.sipPort(), s.sipsPort(), s.realm(), List.of("SHA-256", "MD5"), s.mediaAddress(),
                s.rtpPortMin(), s.rtpPortMax(), s.minExpires(), s.maxExpires(), s.ringSeconds(), s.maxContacts(), s.allowedIpGroup(),
                s.voicemailNumber(), s.voicemailPrefix(), s.voicemailMaxSeconds(), s.voicemailSender()));
        SipResponse challenge = phone.exchange(phone.register("1000", "sha", contact(40051, ""), "", null));
        assertThat(AuthParams.parse(challenge.headers().first("WWW-Authenticate").orElseThrow()).get("algorithm")).contains("SHA-256");
        assertThat(phone.registerWithAuth("1000", "1000", "S1p-Secret!1000", "sha2", contact(40051, ""), "").status()).isEqualTo(200);
    }

    @Test
    void options_anyRequestUri_sameAnswer() throws Exception {
        String opt = "OPTIONS sip:%s@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=z9hG4bKo%s;rport\n"
                + "From: <sip:probe@127.0.0.1>;tag=p\nTo: <sip:%s@127.0.0.1>\nCall-ID: o%s\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n";
        SipResponse real = phone.exchange(opt.formatted("1000", "1", "1000", "1"));
        SipResponse none = phone.exchange(opt.formatted("7777", "2", "7777", "2"));
        assertThat(real.status()).isEqualTo(200).isEqualTo(none.status());
        assertThat(real.headers().first("Allow")).isEqualTo(none.headers().first("Allow"));
    }

    /** RFC 4475 messages on the wire: each answered as the RFC suggests, or dropped when it cannot be answered. */
    @Test
    void tortureOverUdp_answeredPerRfc() throws Exception {
        assertThat(send("badvers").status()).isEqualTo(505);
        assertThat(send("mismatch01").status()).isEqualTo(400);
        assertThat(send("unkscm").status()).isEqualTo(416);
        SipResponse bext = send("bext01");
        assertThat(bext.status()).isEqualTo(420);
        assertThat(bext.headers().all("Unsupported")).contains("nothingSupportsThis", "nothingSupportsThisEither");
        assertThat(send("invut").status()).isEqualTo(415);
        assertThat(send("insuf")).as("no From/To/Call-ID: nothing to address an answer with").isNull();
        assertThat(send("zeromf").status()).isEqualTo(200);
    }

    SipResponse send(String name) throws Exception {
        String text = new String(org.switchboard.pbx.sip.codec.Rfc4475Messages.load(name), java.nio.charset.StandardCharsets.UTF_8);
        // Point the Via at our socket so answers come back to this test (rport makes the port irrelevant).
        text = text.replaceFirst("(?m)^(Via|v):[^\\r\\n]*", "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=z9hG4bK" + name + ";rport");
        return phone.exchange(text);
    }
}
