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
import org.switchboard.pbx.registrar.Binding;

/** SIPp (Debian sip-tester) registers 100 extensions with digest authentication through the real UDP stack. */
class RegistrarSippTest {
    PbxFixture f;

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
}
