package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.registrar.Binding;

/**
 * SIPp (Debian sip-tester) registers 100 extensions with digest authentication through the real UDP stack; an
 * independent python3 client (hashlib digest, pbx/src/test/resources/python) checks generated per-device names
 * and the SHA-256 challenge.
 */
class RegistrarSippTest {
    PbxFixture f;

    /** What digest_register.py printed: challenges (nonces blanked), the algorithm it answered with, statuses. */
    record Registered(List<String> challenges, String algorithm, int first, int status, List<String> contacts) {}

    Registered python(String user, String password, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3", Peers.resources().resolve("python/digest_register.py").toString(),
                "127.0.0.1", String.valueOf(f.pbx.udpPort()), user, password));
        command.addAll(List.of(options));
        Peers.Result r = Peers.run(Duration.ofSeconds(20), Path.of("."), command);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return org.switchboard.core.json.Json.read(r.output().strip(), Registered.class);
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Peers.installed("sipp"), "sipp is not installed (Debian package sip-tester; .ci/run installs it)");
        f = new PbxFixture(0, 31000);
        f.user("alice@example.com", "Alice Example");
        for (int i = 1000; i < 1100; i++) f.extension(String.valueOf(i), i == 1000 ? "alice@example.com" : null, "S1p-Secret!" + i);
        f.pbx.start();
    }

    @AfterEach
    void tearDown() {
        if (f != null) f.close();
    }

    @Test
    void sipp_register100ExtensionsWithDigest_allBound() throws Exception {
        Path work = Files.createTempDirectory("sipp");
        Peers.Result r = Peers.run(Duration.ofSeconds(60), work, List.of("sipp", "-sf", Peers.resources().resolve("sipp/register.xml").toString(),
                "-inf", Peers.resources().resolve("sipp/users.csv").toString(), "-i", "127.0.0.1", "-p", "0", "-m", "100", "-r", "50", "-l", "100",
                "-timeout", "30", "-nostdin", "-trace_err", "127.0.0.1:" + f.pbx.udpPort()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        List<Binding> all = f.pbx.registrations();
        assertThat(all).extracting(Binding::extension).hasSize(100).doesNotHaveDuplicates().contains("1000", "1099");
        assertThat(f.blocked("127.0.0.1")).isFalse();
    }

    @Test
    void generatedName_unknownOrDropped_sameChallengeAndRefused() throws Exception {
        Extension x = f.pbx.setPhones(Actor.SERVER, "1050", 2);
        assertThat(x.sipUsers()).hasSize(2).allMatch(n -> n.matches("1050-[a-z2-9]{8}u"));
        Registered good = python(x.sipUsers().get(0), "S1p-Secret!1050");
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.contacts()).as("the phone sees only its own binding").hasSize(1);

        Registered forged = python("1050-abcdefghu", "S1p-Secret!1050");
        Registered noExtension = python("1999-abcdefghu", "S1p-Secret!1050");
        for (Registered bad : List.of(forged, noExtension)) {
            assertThat(bad.status()).as("the same 401 as a wrong password, no 403/404 to tell names apart").isEqualTo(401);
            assertThat(bad.challenges()).isEqualTo(good.challenges());
        }

        String dropped = x.sipUsers().get(0);
        f.pbx.setPhones(Actor.SERVER, "1050", 1);
        assertThat(f.pbx.registrations()).extracting(Binding::extension).doesNotContain("1050");
        assertThat(python(dropped, "S1p-Secret!1050").status()).as("a name that went away no longer authenticates").isEqualTo(401);
        assertThat(python("1050", "S1p-Secret!1050").status()).as("the number itself still does").isEqualTo(200);
    }

    @Test
    void sha256_offeredFirst_independentClientAuthenticatesWithIt() throws Exception {
        PbxSettings s = f.settings.get();
        assertThat(s.digestAlgorithms()).containsExactly("MD5", "SHA-256");
        f.settings.set(new PbxSettings(s.enabled(), s.listenAddress(), s.sipPort(), s.sipsPort(), s.realm(), List.of("SHA-256", "MD5"),
                s.mediaAddress(), s.rtpPortMin(), s.rtpPortMax(), s.minExpires(), s.maxExpires(), s.ringSeconds(), s.maxContacts(),
                s.allowedIpGroup(), s.voicemailNumber(), s.voicemailPrefix(), s.voicemailMaxSeconds(), s.voicemailSender()));
        Registered sha = python("1060", "S1p-Secret!1060");
        assertThat(sha.challenges()).hasSize(2);
        assertThat(sha.challenges().get(0)).contains("algorithm=SHA-256");
        assertThat(sha.algorithm()).isEqualTo("SHA-256");
        assertThat(sha.status()).isEqualTo(200);
        Registered md5Only = python("1061", "S1p-Secret!1061", "--algorithms", "MD5");
        assertThat(md5Only.algorithm()).as("RFC 8760 §2.4: a client skips the challenge it cannot answer").isEqualTo("MD5");
        assertThat(md5Only.status()).isEqualTo(200);
        assertThat(python("1062", "wrong-Passw0rd").status()).isEqualTo(401);
    }
}
