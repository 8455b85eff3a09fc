package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.pbx.call.CallRecord;
import org.switchboard.pbx.voicemail.VoicemailMessage;

/**
 * Voicemail with SIPp as the phones: the caller reaches voicemail after the callee's ring time or through the
 * direct prefix, skips the greeting with an RFC 4733 '#' from the packaged pcap, leaves the packaged G.711 speech,
 * and the message arrives through the mail delivery as an e-mail that an independent parser (Angus Mail) reads, with
 * a WAV attachment that the JDK's javax.sound reads and whose audio is the speech sox decodes from the same pcap.
 * The mailbox owner then opens the mailbox with the PIN by DTMF, records a greeting and deletes a message.
 */
class VoicemailSippTest {
    PbxFixture f;
    Path work;
    final List<Peers.Running> background = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Peers.installed("sipp"), "sipp is not installed (Debian package sip-tester; .ci/run installs it)");
        assumeTrue(Peers.installed("sox"), "sox is not installed (.ci/run installs it)");
        f = new PbxFixture(0, 31800);
        PbxSettings s = f.settings.get();
        f.settings.set(new PbxSettings(s.enabled(), s.listenAddress(), s.sipPort(), s.sipsPort(), s.realm(), s.digestAlgorithms(), s.mediaAddress(),
                s.rtpPortMin(), s.rtpPortMax(), s.minExpires(), s.maxExpires(), 5, s.maxContacts(), s.allowedIpGroup(), s.voicemailNumber(),
                s.voicemailPrefix(), s.voicemailMaxSeconds(), s.voicemailSender()));
        f.user("alice@example.com", "Alice Example");
        f.user("bob@example.com", "Bob Example");
        f.extension("1001", "alice@example.com", "S1p-Secret!1001");
        f.extension("1002", "bob@example.com", "S1p-Secret!1002");
        f.pbx.extensions().setVoicemailPin(Actor.SERVER, "1002", "1234");
        f.pbx.start();
        work = Files.createTempDirectory("sipp-voicemail");
        for (String x : List.of("1001", "1002")) {
            Files.writeString(work.resolve(x + ".csv"), "SEQUENTIAL\n" + x + ";[authentication username=" + x + " password=S1p-Secret!" + x + "]\n");
        }
    }

    @AfterEach
    void tearDown() {
        background.forEach(r -> r.process().destroyForcibly());
        if (f != null) f.close();
    }

    String target() { return "127.0.0.1:" + f.pbx.udpPort(); }

    String scenario(String name) { return Peers.resources().resolve("sipp/" + name).toString(); }

    Peers.Running ringingCallee() throws Exception {
        return callee("uas-ring.xml");
    }

    Peers.Running callee(String uasScenario) throws Exception {
        int uasPort = Peers.freeUdpPort();
        Peers.Running uas = Peers.start(work, List.of("sipp", "-sf", scenario(uasScenario), "-i", "127.0.0.1", "-p", String.valueOf(uasPort),
                "-m", "1", "-timeout", "40", "-nostdin", "-trace_err", target()));
        background.add(uas);
        Peers.Result reg = Peers.run(Duration.ofSeconds(30), work, List.of("sipp", "-sf", scenario("register-contact.xml"), "-inf", "1002.csv",
                "-set", "uasport", String.valueOf(uasPort), "-i", "127.0.0.1", "-p", "0", "-m", "1", "-timeout", "20", "-nostdin", target()));
        assertThat(reg.exitCode()).as(reg.output()).isZero();
        return uas;
    }

    Peers.Result call(String scenario, String from, String dialled) throws Exception {
        return Peers.run(Duration.ofSeconds(90), work, List.of("sipp", "-sf", scenario(scenario), "-inf", from + ".csv", "-s", dialled,
                "-i", "127.0.0.1", "-p", "0", "-mi", "127.0.0.1", "-mp", String.valueOf(Peers.freeUdpPort() & ~1), "-m", "1", "-timeout", "60",
                "-nostdin", "-trace_err", target()));
    }

    static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            LockSupport.parkNanos(20_000_000);
        }
    }

    CallRecord onlyRecord() {
        await(() -> !f.pbx.history().list(10).isEmpty(), Duration.ofSeconds(10), "the call record");
        assertThat(f.pbx.history().list(10)).hasSize(1);
        return f.pbx.history().list(10).get(0);
    }

    /** The e-mail, read by Angus Mail; returns the attachment's bytes after checking the envelope and structure. */
    byte[] checkMail(PbxFixture.Delivered d) throws Exception {
        assertThat(d.recipient()).isEqualTo("bob@example.com");
        assertThat(d.envelopeFrom()).isEqualTo("voicemail@switchboard.test");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(d.message()));
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("voicemail@switchboard.test");
        assertThat(((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress()).isEqualTo("bob@example.com");
        assertThat(m.getSubject()).matches("Voicemail from Alice Example <1001> \\(0:0[6-9]\\)");
        assertThat(m.getContentType()).startsWith("multipart/mixed");
        Multipart mp = (Multipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        assertThat(mp.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat((String) mp.getBodyPart(0).getContent()).contains("Alice Example <1001>").contains("1002");
        BodyPart wav = mp.getBodyPart(1);
        assertThat(wav.isMimeType("audio/wav")).isTrue();
        assertThat(wav.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(wav.getFileName()).endsWith(".wav");
        return wav.getInputStream().readAllBytes();
    }

    void checkRecording(byte[] wav) throws Exception {
        Audio.Pcm pcm = Audio.read(wav);
        AudioFormat fmt = pcm.format();
        assertThat(fmt.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(fmt.getSampleRate()).isEqualTo(8000f);
        assertThat(fmt.getSampleSizeInBits()).isEqualTo(16);
        assertThat(fmt.getChannels()).isEqualTo(1);
        short[] reference = Audio.pcapAlaw(Path.of("/usr/share/sip-tester/g711a.pcap"), work);
        assertThat(pcm.samples().length).as("about the 7 s the caller played").isBetween(6 * 8000, 10 * 8000);
        assertThat(Audio.match(pcm.samples(), reference, 16_000, 12_000)).as("the recording is the speech the caller played").isGreaterThan(0.95);
    }

    @Test
    void voicemail_noAnswer_greetingSkippedMessageRecordedStoredAndEmailed() throws Exception {
        Peers.Running callee = ringingCallee();
        Peers.Result caller = call("uac-voicemail.xml", "1001", "1002");
        assertThat(caller.exitCode()).as(caller.output()).isZero();
        Peers.Result cancelled = callee.await(Duration.ofSeconds(30));
        assertThat(cancelled.exitCode()).as("the ringing phone was CANCELled: " + cancelled.output()).isZero();
        await(() -> f.delivered.size() == 1, Duration.ofSeconds(10), "the voicemail e-mail");
        byte[] attachment = checkMail(f.delivered.get(0));
        checkRecording(attachment);
        List<VoicemailMessage> stored = f.pbx.voicemail().list("1002");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).caller()).isEqualTo("1001");
        assertThat(Files.readAllBytes(stored.get(0).file())).as("the stored WAV is the attached one").isEqualTo(attachment);
        assertThat(stored.get(0).file()).startsWith(f.voicemailDir);
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.VOICEMAIL);
        assertThat(Duration.between(r.start(), r.answer())).as("answered by voicemail after the 5 s ring time").isGreaterThan(Duration.ofSeconds(4));
    }

    @Test
    void voicemail_directPrefix_answeredAtOnceAndEmailed() throws Exception {
        Peers.Result caller = call("uac-voicemail.xml", "1001", "*91002");
        assertThat(caller.exitCode()).as(caller.output()).isZero();
        await(() -> f.delivered.size() == 1, Duration.ofSeconds(10), "the voicemail e-mail");
        checkRecording(checkMail(f.delivered.get(0)));
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.VOICEMAIL);
        assertThat(r.callee()).isEqualTo("*91002");
        assertThat(Duration.between(r.start(), r.answer())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void voicemailAccess_pinByDtmf_greetingRecordedAndMessageDeleted() throws Exception {
        VoicemailMessage seeded = f.pbx.voicemail().save("1002", "1001", Instant.now(), new short[8000]);
        Peers.Result owner = call("uac-voicemail-access.xml", "1002", "50");
        assertThat(owner.exitCode()).as(owner.output()).isZero();
        assertThat(Files.exists(seeded.file())).as("7 deleted the message").isFalse();
        assertThat(f.pbx.voicemail().list("1002")).isEmpty();
        short[] greeting = f.pbx.voicemail().greeting("1002").orElseThrow();
        short[] reference = Audio.pcapAlaw(Path.of("/usr/share/sip-tester/g711a.pcap"), work);
        assertThat(Audio.match(greeting, reference, 16_000, 12_000)).as("the new greeting is what the owner played").isGreaterThan(0.95);
        CallRecord r = onlyRecord();
        assertThat(r.callee()).isEqualTo("50");
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
        assertThat(f.delivered).isEmpty();
    }

    @Test
    void voicemail_calleeBusy_callerReachesVoicemailAtOnce() throws Exception {
        Peers.Running busy = callee("uas-busy.xml");
        Peers.Result caller = call("uac-voicemail.xml", "1001", "1002");
        assertThat(caller.exitCode()).as(caller.output()).isZero();
        assertThat(busy.await(Duration.ofSeconds(30)).exitCode()).isZero();
        await(() -> f.delivered.size() == 1, Duration.ofSeconds(10), "the voicemail e-mail");
        checkRecording(checkMail(f.delivered.get(0)));
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.VOICEMAIL);
        assertThat(Duration.between(r.start(), r.answer())).as("no ring time to wait out when busy").isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void voicemail_busyWithVoicemailOff_caller486AndNothingStored() throws Exception {
        f.pbx.extensions().setRinging(Actor.SERVER, "1002", new org.switchboard.pbx.extension.RingingRules(null, null, false, null));
        Peers.Running busy = callee("uas-busy.xml");
        Peers.Result caller = Peers.run(Duration.ofSeconds(60), work, List.of("sipp", "-sf", Peers.resources().resolve("sipp/uac-busy.xml").toString(),
                "-inf", "1001.csv", "-s", "1002", "-i", "127.0.0.1", "-p", "0", "-mi", "127.0.0.1", "-mp", String.valueOf(Peers.freeUdpPort() & ~1),
                "-m", "1", "-timeout", "40", "-nostdin", "-trace_err", target()));
        assertThat(caller.exitCode()).as(caller.output()).isZero();
        assertThat(busy.await(Duration.ofSeconds(30)).exitCode()).isZero();
        assertThat(onlyRecord().disposition()).isEqualTo(CallRecord.Disposition.BUSY);
        assertThat(f.delivered).isEmpty();
        assertThat(f.pbx.voicemail().list("1002")).isEmpty();
    }

    @Test
    void voicemailAccess_wrongPinThreeTimes_hungUpAndFailuresInSecurityLog() throws Exception {
        f.pbx.voicemail().save("1002", "1001", Instant.now(), new short[8000]);
        try (LogCapture security = new LogCapture("switchboard.security")) {
            Peers.Result owner = call("uac-voicemail-wrongpin.xml", "1002", "50");
            assertThat(owner.exitCode()).as(owner.output()).isZero();
            assertThat(security.lines().stream().filter(l -> l.contains("Authentication failed") && l.contains("1002 voicemail")))
                    .as("each 9999# counted, so PIN guessing meets the lockout").hasSize(3);
        }
        assertThat(f.pbx.voicemail().list("1002")).as("nothing deleted without the PIN").hasSize(1);
        assertThat(f.pbx.voicemail().greeting("1002")).isEmpty();
    }
}
