package org.switchboard.pbx.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.switchboard.pbx.sip.codec.AuthParams;
import org.switchboard.pbx.sip.codec.SipLimits;
import org.switchboard.pbx.sip.codec.SipMessageReader;
import org.switchboard.pbx.sip.codec.SipRequest;

class DigestAuthenticatorTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    final DigestAuthenticator digest = new DigestAuthenticator(() -> now.get(), () -> "pbx.test", () -> List.of("MD5", "SHA-256"));

    /** The response a client computes, by Python's hashlib: an oracle independent of our code (RFC 7616 §3.4.1). */
    static String python(String algorithm, String user, String realm, String password, String method, String uri, String nonce,
                         String nc, String cnonce) throws Exception {
        String h = algorithm.equals("SHA-256") ? "sha256" : "md5";
        String script = "import hashlib,sys\nH=lambda s: hashlib." + h + "(s.encode()).hexdigest()\na=sys.argv[1:]\n"
                + "print(H(H(a[0]+':'+a[1]+':'+a[2])+':'+a[5]+':'+a[6]+':'+a[7]+':auth:'+H(a[3]+':'+a[4])))";
        Process p = new ProcessBuilder("python3", "-c", script, user, realm, password, method, uri, nonce, nc, cnonce).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    SipRequest register(String authorization) throws Exception {
        String text = "REGISTER sip:pbx.test SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKx\r\nFrom: <sip:1001@pbx.test>;tag=1\r\n"
                + "To: <sip:1001@pbx.test>\r\nCall-ID: d1\r\nCSeq: 2 REGISTER\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return (SipRequest) new SipMessageReader(SipLimits.DEFAULT).parseDatagram(b, 0, b.length);
    }

    String nonce(String algorithm) throws Exception {
        for (String c : digest.challenges(false)) {
            AuthParams a = AuthParams.parse(c);
            if (a.get("algorithm").orElseThrow().equals(algorithm)) return a.get("nonce").orElseThrow();
        }
        throw new AssertionError("no " + algorithm + " challenge");
    }

    String credentials(String algorithm, String user, String response, String nonce) {
        return "Digest username=\"" + user + "\", realm=\"pbx.test\", nonce=\"" + nonce + "\", uri=\"sip:pbx.test\", response=\"" + response
                + "\", algorithm=" + algorithm + ", qop=auth, nc=00000001, cnonce=\"0a4f113b\"";
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256"})
    void verify_responseComputedByPython_accepted(String algorithm) throws Exception {
        assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 is needed as the digest oracle");
        String nonce = nonce(algorithm);
        String response = python(algorithm, "1001", "pbx.test", "S1p-Secret!1001", "REGISTER", "sip:pbx.test", nonce, "00000001", "0a4f113b");
        DigestAuthenticator.Verdict v = digest.verify(register(credentials(algorithm, "1001", response, nonce)), "Authorization",
                u -> u.equals("1001") ? Optional.of("S1p-Secret!1001") : Optional.empty());
        assertThat(v).isEqualTo(new DigestAuthenticator.Ok("1001"));
    }

    @Test
    void verify_wrongPasswordAndUnknownUser_sameVerdictKind() throws Exception {
        String nonce = nonce("MD5");
        String guess = DigestAuthenticator.expectedResponse("MD5", "1001", "pbx.test", "guess", "REGISTER", "sip:pbx.test", nonce, "auth", "00000001", "0a4f113b");
        var known = digest.verify(register(credentials("MD5", "1001", guess, nonce)), "Authorization", u -> u.equals("1001") ? Optional.of("S1p-Secret!1001") : Optional.empty());
        String guess2 = DigestAuthenticator.expectedResponse("MD5", "7777", "pbx.test", "guess", "REGISTER", "sip:pbx.test", nonce, "auth", "00000001", "0a4f113b");
        var unknown = digest.verify(register(credentials("MD5", "7777", guess2, nonce)), "Authorization", u -> Optional.empty());
        assertThat(known).isEqualTo(new DigestAuthenticator.Failed("1001"));
        assertThat(unknown).isEqualTo(new DigestAuthenticator.Failed("7777"));
    }

    @Test
    void verify_forgedNonce_invalid_expiredNonce_stale() throws Exception {
        String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        String r1 = DigestAuthenticator.expectedResponse("MD5", "1001", "pbx.test", "S1p-Secret!1001", "REGISTER", "sip:pbx.test", forged, "auth", "00000001", "c");
        assertThat(digest.verify(register(credentials("MD5", "1001", r1, forged).replace("0a4f113b", "c")), "Authorization", u -> Optional.of("S1p-Secret!1001")))
                .isInstanceOf(DigestAuthenticator.Invalid.class);
        String nonce = nonce("MD5");
        now.set(now.get().plus(Duration.ofMinutes(6)));
        String r2 = DigestAuthenticator.expectedResponse("MD5", "1001", "pbx.test", "S1p-Secret!1001", "REGISTER", "sip:pbx.test", nonce, "auth", "00000001", "0a4f113b");
        assertThat(digest.verify(register(credentials("MD5", "1001", r2, nonce)), "Authorization", u -> Optional.of("S1p-Secret!1001")))
                .isInstanceOf(DigestAuthenticator.Stale.class);
        assertThat(digest.verify(register(null), "Authorization", u -> Optional.empty())).isInstanceOf(DigestAuthenticator.Missing.class);
    }

    @Test
    void challenges_independentOfUser_mostPreferredFirst() throws Exception {
        List<String> c = digest.challenges(false);
        assertThat(c).hasSize(2);
        assertThat(AuthParams.parse(c.get(0)).get("algorithm")).contains("MD5");
        assertThat(AuthParams.parse(c.get(1)).get("algorithm")).contains("SHA-256");
        assertThat(AuthParams.parse(c.get(0)).get("qop")).contains("auth");
        assertThat(digest.challenges(true).get(0)).contains("stale=true");
    }

}
