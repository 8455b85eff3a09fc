package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.pbx.call.CallRecord;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.registrar.Binding;
import org.switchboard.pbx.extension.RingingRules;

/**
 * Calls between two registered extensions through the B2BUA, both ends played by SIPp: the caller authenticates
 * (407), the callee is a SIPp UAS registered as extension 1002. Media is the packaged G.711 A-law pcap, sent by
 * both ends through the relay.
 */
class CallSippTest {
    PbxFixture f;
    Path work;
    final LogCapture callLog = new LogCapture("switchboard.call");
    final List<Peers.Running> background = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Peers.installed("sipp"), "sipp is not installed (Debian package sip-tester; .ci/run installs it)");
        f = new PbxFixture(0, 31600);
        PbxSettings s = f.settings.get();
        f.settings.set(new PbxSettings(s.enabled(), s.listenAddress(), s.sipPort(), s.sipsPort(), s.realm(), s.digestAlgorithms(), s.mediaAddress(),
                s.rtpPortMin(), s.rtpPortMax(), s.minExpires(), s.maxExpires(), 5, s.maxContacts(), s.allowedIpGroup(), s.voicemailNumber(),
                s.voicemailPrefix(), s.voicemailMaxSeconds(), s.voicemailSender()));
        f.user("alice@example.com", "Alice Example");
        f.extension("1001", "alice@example.com", "S1p-Secret!1001");
        f.extension("1002", null, "S1p-Secret!1002");
        f.extension("1003", null, "S1p-Secret!1003");
        f.pbx.start();
        work = Files.createTempDirectory("sipp-call");
        Files.writeString(work.resolve("caller.csv"), "SEQUENTIAL\n1001;[authentication username=1001 password=S1p-Secret!1001]\n");
        Files.writeString(work.resolve("callee.csv"), "SEQUENTIAL\n1002;[authentication username=1002 password=S1p-Secret!1002]\n");
    }

    @AfterEach
    void tearDown() {
        background.forEach(r -> r.process().destroyForcibly());
        callLog.close();
        if (f != null) f.close();
    }

    String target() { return "127.0.0.1:" + f.pbx.udpPort(); }

    String scenario(String name) { return Peers.resources().resolve("sipp/" + name).toString(); }

    /** Starts the callee's SIPp UAS and registers it as 1002; returns the running UAS. */
    Peers.Running callee(String uasScenario) throws Exception {
        return callee(uasScenario, "1002");
    }

    /** Starts a SIPp UAS and registers it as {@code extension}. */
    Peers.Running callee(String uasScenario, String extension) throws Exception {
        return callee(uasScenario, extension, "S1p-Secret!" + extension);
    }

    /** Starts a SIPp UAS and registers it under the SIP user name {@code user} (a number or a generated name). */
    Peers.Running callee(String uasScenario, String user, String password) throws Exception {
        return callee(uasScenario, user, password, List.of());
    }

    /** As above, with SIPp options for the scenario ({@code -set name value}, tracing). */
    Peers.Running callee(String uasScenario, String user, String password, List<String> options) throws Exception {
        Files.writeString(work.resolve(user + ".csv"), "SEQUENTIAL\n" + user + ";[authentication username=" + user + " password=" + password + "]\n");
        int uasPort = Peers.freeUdpPort();
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenario(uasScenario), "-i", "127.0.0.1", "-p", String.valueOf(uasPort),
                "-mi", "127.0.0.1", "-mp", String.valueOf(Peers.freeUdpPort() & ~1), "-m", "1", "-timeout", "40", "-nostdin", "-trace_err"));
        command.addAll(options);
        command.add(target());
        Peers.Running uas = Peers.start(work, command);
        background.add(uas);
        Peers.Result reg = Peers.run(Duration.ofSeconds(30), work, List.of("sipp", "-sf", scenario("register-contact.xml"), "-inf", user + ".csv",
                "-set", "uasport", String.valueOf(uasPort), "-i", "127.0.0.1", "-p", "0", "-m", "1", "-timeout", "20", "-nostdin", target()));
        assertThat(reg.exitCode()).as(reg.output()).isZero();
        return uas;
    }

    Peers.Result caller(String uacScenario) throws Exception {
        return caller(uacScenario, List.of());
    }

    Peers.Result caller(String uacScenario, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenario(uacScenario), "-inf", "caller.csv", "-s", "1002",
                "-i", "127.0.0.1", "-p", "0", "-mi", "127.0.0.1", "-mp", String.valueOf(Peers.freeUdpPort() & ~1), "-m", "1", "-timeout", "40",
                "-nostdin", "-trace_err"));
        command.addAll(options);
        command.add(target());
        return Peers.run(Duration.ofSeconds(60), work, command);
    }

    void noVoicemail(String extension) {
        f.pbx.extensions().setRinging(org.switchboard.core.Actor.SERVER, extension, new RingingRules(null, null, false, false));
    }

    CallRecord onlyRecord() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (f.pbx.history().list(10).isEmpty() && System.nanoTime() < deadline) LockSupport.parkNanos(20_000_000);
        List<CallRecord> all = f.pbx.history().list(10);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void call_answeredWithMedia_rtpRelayedBothWaysAndRecorded() throws Exception {
        Peers.Running uas = callee("uas-answer.xml");
        Peers.Result uac = caller("uac-call.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        Peers.Result done = uas.await(Duration.ofSeconds(30));
        assertThat(done.exitCode()).as(done.output()).isZero();
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
        assertThat(r.caller()).isEqualTo("1001");
        assertThat(r.callerName()).isEqualTo("Alice Example");
        assertThat(r.callee()).isEqualTo("1002");
        assertThat(r.answer()).isNotNull();
        assertThat(r.rtpFromCaller()).as("RTP from the caller reached the relay").isGreaterThan(50);
        assertThat(r.rtpFromCallee()).as("RTP from the callee reached the relay").isGreaterThan(50);
        assertThat(f.pbx.activeCalls()).isEmpty();
    }

    /**
     * A caller with only A-law (SIPp playing the packaged A-law pcap, echoing what it hears) calls a phone with only
     * µ-law: the exchange offers the callee both laws (the scenario fails without PCMU in the offer), answers the
     * caller in A-law, and converts in the relay. The µ-law phone hears the pcap as payload type 0, and its own
     * µ-law packets come back through the caller's echo as type 0 again, every code as G.711 Tables 3/4 map it;
     * they could only pass the caller's side as type 8, the one format it negotiated.
     */
    @Test
    void call_pcmaCallerToPcmuPhone_connectsAndEachSideGetsItsOwnLaw() throws Exception {
        try (UlawPhone phone = new UlawPhone()) {
            Peers.Running uas = callee("uas-answer-pcmu.xml", "1002", "S1p-Secret!1002", List.of("-set", "rtpport", String.valueOf(phone.port())));
            Peers.Result uac = caller("uac-call-pcma.xml", List.of("-rtp_echo"));
            assertThat(uac.exitCode()).as(uac.output()).isZero();
            Peers.Result done = uas.await(Duration.ofSeconds(30));
            assertThat(done.exitCode()).as("offered PCMU, answered, got BYE: " + done.output()).isZero();
            CallRecord r = onlyRecord();
            assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
            assertThat(phone.fromOther.get()).as("the caller's A-law pcap reached the µ-law phone").isGreaterThan(50);
            assertThat(phone.echoed.get()).as("the µ-law phone's packets went to the caller and came back").isGreaterThan(20);
            assertThat(phone.echoedIntact.get()).as("every code converted to A-law and back as G.711 maps it").isEqualTo(phone.echoed.get());
            assertThat(phone.notPcmu.get()).as("the µ-law phone got nothing but payload type 0").isZero();
            assertThat(r.rtpFromCaller()).isGreaterThan(50);
        }
    }

    @Test
    void call_twoPhonesOnGeneratedNames_forkedToBothAndOneUnregistersAlone() throws Exception {
        Extension x = f.pbx.setPhones(Actor.SERVER, "1002", 2);
        String desk = x.sipUsers().get(0);
        String mobile = x.sipUsers().get(1);
        Peers.Running answering = callee("uas-answer.xml", desk, "S1p-Secret!1002");
        Peers.Running ringing = callee("uas-ring.xml", mobile, "S1p-Secret!1002");
        assertThat(f.pbx.registrations()).extracting(Binding::extension, Binding::authUser)
                .containsExactlyInAnyOrder(tuple("1002", desk), tuple("1002", mobile));

        Peers.Result uac = caller("uac-call.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        Peers.Result answered = answering.await(Duration.ofSeconds(30));
        assertThat(answered.exitCode()).as(answered.output()).isZero();
        Peers.Result cancelled = ringing.await(Duration.ofSeconds(30));
        assertThat(cancelled.exitCode()).as("the second phone rang too and was CANCELled: " + cancelled.output()).isZero();
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
        assertThat(r.callee()).isEqualTo("1002");

        // RFC 3261 §10.2.2 "Contact: *" from one phone removes that phone's binding only.
        Peers.Result star = Peers.run(Duration.ofSeconds(20), work, List.of("python3", Peers.resources().resolve("python/digest_register.py").toString(),
                "127.0.0.1", String.valueOf(f.pbx.udpPort()), mobile, "S1p-Secret!1002", "--star"));
        assertThat(star.output()).as(star.output()).contains("\"status\": 200");
        assertThat(f.pbx.registrations()).extracting(Binding::authUser).containsExactly(desk);
    }

    /** Extension 1002 answers, then REFERs the caller to {@code target}; its media goes to {@code media}. */
    Peers.Running transferor(String target, RtpEcho media) throws Exception {
        return transferor("uas-refer.xml", target, media);
    }

    Peers.Running transferor(String scenario, String target, RtpEcho media) throws Exception {
        return callee(scenario, "1002", "S1p-Secret!1002", List.of("-set", "rtpport", String.valueOf(media.port()),
                "-set", "target", target, "-trace_logs"));
    }

    /** What the transferor's scenario logged as the final sipfrag of the transfer. */
    String transferOutcome() throws Exception {
        try (var files = Files.list(work)) {
            Path log = files.filter(p -> p.getFileName().toString().matches("uas-refer.*_logs\\.log")).findFirst().orElseThrow();
            return Files.readString(log);
        }
    }

    /**
     * 1001 calls 1002, whose {@code scenario} transfers the call to 1003 (answering, media to {@code cMedia}) once the
     * caller is through; returns what the transferor and the target ended with.
     */
    List<Peers.Result> blindTransferTo1003(String scenario, RtpEcho bMedia, RtpEcho cMedia) throws Exception {
        Peers.Running b = transferor(scenario, "1003", bMedia);
        Peers.Running c = callee("uas-answer-listener.xml", "1003", "S1p-Secret!1003", List.of("-set", "rtpport", String.valueOf(cMedia.port())));
        Peers.Result uac = caller("uac-call.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        return List.of(b.await(Duration.ofSeconds(30)), c.await(Duration.ofSeconds(30)));
    }

    @Test
    void transfer_referToRegisteredExtension_notifiesTryingRingingOkThenByeAndCallerTalksToTarget() throws Exception {
        try (RtpEcho bMedia = new RtpEcho(); RtpEcho cMedia = new RtpEcho()) {
            List<Peers.Result> ends = blindTransferTo1003("uas-refer-progress.xml", bMedia, cMedia);
            assertThat(ends.get(0).exitCode()).as("202, NOTIFY 100, 180, 200 (terminated), then BYE: " + ends.get(0).output()).isZero();
            assertThat(transferOutcome()).contains("transfer outcome: SIP/2.0 200");
            assertThat(ends.get(1).exitCode()).as("1003 answered and got the caller's BYE: " + ends.get(1).output()).isZero();
            assertThat(cMedia.received.get()).as("the caller's RTP reached the transfer target").isGreaterThan(40);
            CallRecord r = onlyRecord();
            assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
            assertThat(r.callee()).isEqualTo("1002");
            assertThat(r.transferredTo()).isEqualTo("1003");
            assertThat(r.rtpFromCallee()).as("the relay heard the target (and the transferor before it)")
                    .isGreaterThanOrEqualTo(cMedia.sent.get() - 2L).isLessThanOrEqualTo((long) cMedia.sent.get() + bMedia.sent.get());
            assertThat(f.pbx.history().csv(10)).contains(",ANSWERED,1003");
        }
    }

    @Test
    void transfer_transferorHangsUpAtOnce_callerStillConnectedToTarget() throws Exception {
        try (RtpEcho bMedia = new RtpEcho(); RtpEcho cMedia = new RtpEcho()) {
            Peers.Running b = callee("uas-refer-hangup.xml", "1002", "S1p-Secret!1002", List.of("-set", "rtpport", String.valueOf(bMedia.port()),
                    "-set", "target", "1003"));
            Peers.Running c = callee("uas-answer-listener.xml", "1003", "S1p-Secret!1003",
                    List.of("-set", "rtpport", String.valueOf(cMedia.port()), "-d", "1000"));
            Peers.Result uac = caller("uac-call.xml");
            assertThat(uac.exitCode()).as(uac.output()).isZero();
            Peers.Result gone = b.await(Duration.ofSeconds(30));
            assertThat(gone.exitCode()).as("its BYE was answered and nothing else reached it: " + gone.output()).isZero();
            Peers.Result target = c.await(Duration.ofSeconds(30));
            assertThat(target.exitCode()).as("1003 rang, answered and got the caller's BYE: " + target.output()).isZero();
            assertThat(cMedia.received.get()).isGreaterThan(10);
            CallRecord r = onlyRecord();
            assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
            assertThat(r.transferredTo()).isEqualTo("1003");
        }
    }

    @Test
    void transfer_referToUnknownNumber_failureNotifiedAndCallerStaysWithTransferor() throws Exception {
        try (RtpEcho bMedia = new RtpEcho()) {
            Peers.Running b = transferor("1999", bMedia);
            Peers.Result uac = caller("uac-call.xml");
            assertThat(uac.exitCode()).as(uac.output()).isZero();
            Peers.Result stayed = b.await(Duration.ofSeconds(30));
            assertThat(stayed.exitCode()).as("the transferor kept the call until the caller's BYE: " + stayed.output()).isZero();
            assertThat(transferOutcome()).contains("transfer outcome: SIP/2.0 404");
            assertThat(bMedia.received.get()).as("the caller's RTP still reached the transferor").isGreaterThan(40);
            CallRecord r = onlyRecord();
            assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
            assertThat(r.transferredTo()).isNull();
        }
    }

    @Test
    void transfer_targetBusy_486NotifiedAndCallerStaysWithTransferor() throws Exception {
        try (RtpEcho bMedia = new RtpEcho()) {
            Peers.Running b = transferor("1003", bMedia);
            Peers.Running c = callee("uas-busy.xml", "1003");
            Peers.Result uac = caller("uac-call.xml");
            assertThat(uac.exitCode()).as(uac.output()).isZero();
            Peers.Result stayed = b.await(Duration.ofSeconds(30));
            assertThat(stayed.exitCode()).as("NOTIFY 100, NOTIFY 486 terminated, then the caller's BYE: " + stayed.output()).isZero();
            assertThat(transferOutcome()).contains("transfer outcome: SIP/2.0 486");
            assertThat(c.await(Duration.ofSeconds(30)).exitCode()).as("the target was rung and said busy").isZero();
            assertThat(bMedia.received.get()).as("the caller's RTP kept reaching the transferor").isGreaterThan(40);
            CallRecord r = onlyRecord();
            assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
            assertThat(r.transferredTo()).isNull();
            assertThat(callLog.lines()).anyMatch(l -> l.contains("transfer by 1002 to 1003 failed: SIP/2.0 486 Busy Here"));
        }
    }

    @Test
    void transfer_referSubFalse_noNotifyAndTransferDone() throws Exception {
        try (RtpEcho bMedia = new RtpEcho(); RtpEcho cMedia = new RtpEcho()) {
            List<Peers.Result> ends = blindTransferTo1003("uas-refer-nosub.xml", bMedia, cMedia);
            assertThat(ends.get(0).exitCode()).as("202 with Refer-Sub: false, no NOTIFY, BYE: " + ends.get(0).output()).isZero();
            assertThat(ends.get(1).exitCode()).as(ends.get(1).output()).isZero();
            assertThat(onlyRecord().transferredTo()).isEqualTo("1003");
        }
    }

    /**
     * Attended transfer (RFC 5589 §7): 1001 calls 1002 (a SIPp UAS playing the packaged pcap), then 1003 (a SIPp UAS
     * whose media socket echoes), then REFERs 1002 with Replaces naming its dialog with 1003. The caller is a scripted
     * phone: one SIPp scenario cannot hold two dialogs with their own Call-IDs and put one's tags into the other's REFER.
     */
    @Test
    void attendedTransfer_referWithReplaces_transfereeAndConsultedTalkAndTransferorGetsByeOnBothLegs() throws Exception {
        try (RtpEcho cMedia = new RtpEcho(); RtpEcho aMedia = new RtpEcho(); DialogPhone a = new DialogPhone(f.pbx.udpPort(), "1001", "S1p-Secret!1001")) {
            Peers.Running b = callee("uas-answer.xml", "1002");
            Peers.Running c = callee("uas-consulted.xml", "1003", "S1p-Secret!1003", List.of("-set", "rtpport", String.valueOf(cMedia.port())));
            DialogPhone.Dialog toB = a.call("1002", aMedia.port(), "");
            assertThat(toB.answer().status()).isEqualTo(200);
            DialogPhone.Dialog toC = a.call("1003", aMedia.port(), "");
            assertThat(toC.answer().status()).isEqualTo(200);
            String replaces = toC.callId() + ";to-tag=" + toC.remoteTag() + ";from-tag=" + toC.localTag();
            String referTo = "<sip:1003@127.0.0.1?Replaces=" + java.net.URLEncoder.encode(replaces, java.nio.charset.StandardCharsets.UTF_8) + ">";
            assertThat(a.request(toB, "REFER", "Refer-To: " + referTo + "\r\nReferred-By: <sip:1001@127.0.0.1>\r\n").status()).isEqualTo(202);
            java.util.function.Predicate<org.switchboard.pbx.sip.codec.SipRequest> byeToB = r -> r.is("BYE") && r.callId().equals(toB.callId());
            java.util.function.Predicate<org.switchboard.pbx.sip.codec.SipRequest> byeToC = r -> r.is("BYE") && r.callId().equals(toC.callId());
            assertThat(a.receiveUntil(l -> l.stream().anyMatch(byeToB) && l.stream().anyMatch(byeToC), Duration.ofSeconds(10)))
                    .as("BYE on both of the transferor's dialogs: " + a.received).isTrue();
            List<String> notifies = a.received.stream().filter(r -> r.is("NOTIFY"))
                    .map(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).strip() + " | "
                            + r.headers().first("Subscription-State").orElse("")).toList();
            assertThat(notifies).containsExactly("SIP/2.0 100 Trying | active;expires=60", "SIP/2.0 200 OK | terminated;reason=noresource");
            int lastNotify = a.received.size() - 1;
            while (!a.received.get(lastNotify).is("NOTIFY")) lastNotify--;
            assertThat(a.received.indexOf(a.received.stream().filter(byeToB).findFirst().orElseThrow()))
                    .as("the transferor's call is hung up after it heard 200").isGreaterThan(lastNotify);

            Peers.Result consulted = c.await(Duration.ofSeconds(30));
            assertThat(consulted.exitCode()).as("1003 talked, then its BYE was answered: " + consulted.output()).isZero();
            Peers.Result transferee = b.await(Duration.ofSeconds(30));
            assertThat(transferee.exitCode()).as("1002 got 1003's BYE through the exchange: " + transferee.output()).isZero();
            assertThat(cMedia.received.get()).as("1002's pcap reached 1003 through the joined relays").isGreaterThan(40);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.pbx.history().list(10).size() < 2 && System.nanoTime() < deadline) LockSupport.parkNanos(20_000_000);
            List<CallRecord> records = f.pbx.history().list(10);
            assertThat(records).extracting(CallRecord::callee, CallRecord::transferredTo)
                    .containsExactlyInAnyOrder(tuple("1002", "1003"), tuple("1003", "1002"));
            CallRecord main = records.stream().filter(r -> r.callee().equals("1002")).findFirst().orElseThrow();
            assertThat(main.rtpFromCaller()).as("1003's echo reached the relay side bridged to 1002").isGreaterThanOrEqualTo(cMedia.sent.get() - 2L)
                    .isGreaterThan(40);
            assertThat(main.rtpFromCallee()).as("1002's pcap reached the relay").isGreaterThan(40);
            assertThat(f.pbx.activeCalls()).isEmpty();
        }
    }

    /**
     * RFC 3891 §3: an INVITE with Replaces from another phone of the same extension takes over its dialog (the old
     * one gets BYE, media follows); someone else's or an unknown dialog gets 481, early-only on a confirmed one 486.
     */
    @Test
    void replaces_inviteFromSameExtension_takesOverTheCallAndOthersAreRefused() throws Exception {
        try (RtpEcho bMedia = new RtpEcho(); java.net.DatagramSocket deskMedia = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             DialogPhone mobile = new DialogPhone(f.pbx.udpPort(), "1001", "S1p-Secret!1001");
             DialogPhone desk = new DialogPhone(f.pbx.udpPort(), "1001", "S1p-Secret!1001");
             DialogPhone stranger = new DialogPhone(f.pbx.udpPort(), "1003", "S1p-Secret!1003")) {
            Peers.Running b = callee("uas-answer-listener.xml", "1002", "S1p-Secret!1002", List.of("-set", "rtpport", String.valueOf(bMedia.port())));
            DialogPhone.Dialog call = mobile.call("1002", Peers.freeUdpPort(), "");
            assertThat(call.answer().status()).isEqualTo(200);
            String header = "Replaces: " + call.callId() + ";to-tag=" + call.remoteTag() + ";from-tag=" + call.localTag();

            assertThat(stranger.call("1002", Peers.freeUdpPort(), header + "\r\nRequire: replaces\r\n").answer().status())
                    .as("another extension's phone").isEqualTo(481);
            assertThat(desk.call("1002", deskMedia.getLocalPort(), "Replaces: nosuchcall;to-tag=x;from-tag=y\r\n").answer().status()).isEqualTo(481);
            assertThat(desk.call("1002", deskMedia.getLocalPort(), header + ";early-only\r\n").answer().status()).isEqualTo(486);

            DialogPhone.Dialog moved = desk.call("1002", deskMedia.getLocalPort(), header + "\r\nRequire: replaces\r\n");
            assertThat(moved.answer().status()).isEqualTo(200);
            assertThat(mobile.receiveUntil(l -> l.stream().anyMatch(r -> r.is("BYE") && r.callId().equals(call.callId())), Duration.ofSeconds(10)))
                    .as("the replaced dialog gets BYE").isTrue();
            org.switchboard.pbx.sip.codec.Sdp answer = org.switchboard.pbx.sip.codec.Sdp.parse(moved.answer().body());
            org.switchboard.pbx.sip.codec.Sdp.Media audio = answer.media().get(0);
            java.net.InetSocketAddress relay = new java.net.InetSocketAddress(answer.connectionFor(audio).orElseThrow(), audio.port());
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            rtp[1] = 8;
            deskMedia.setSoTimeout(100);
            int echoed = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int seq = 0; echoed < 20 && System.nanoTime() < deadline; seq++) {
                rtp[3] = (byte) seq;
                deskMedia.send(new java.net.DatagramPacket(rtp, rtp.length, relay));
                try {
                    deskMedia.receive(new java.net.DatagramPacket(new byte[2048], 2048));
                    echoed++;
                } catch (java.net.SocketTimeoutException e) {
                    // nothing back yet
                }
            }
            assertThat(echoed).as("the new phone's RTP reaches 1002 and 1002's comes back to it").isEqualTo(20);
            assertThat(desk.request(moved, "BYE", "").status()).isEqualTo(200);
            assertThat(b.await(Duration.ofSeconds(30)).exitCode()).as("1002 got the BYE of the phone that took over").isZero();
            CallRecord r = onlyRecord();
            assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
            assertThat(callLog.lines()).anyMatch(l -> l.contains("1001 replaced its dialog " + call.callId()));
        }
    }

    @Test
    void call_calleeBusy_callerGets486() throws Exception {
        noVoicemail("1002");
        Peers.Running uas = callee("uas-busy.xml");
        Peers.Result uac = caller("uac-busy.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        assertThat(uas.await(Duration.ofSeconds(30)).exitCode()).isZero();
        assertThat(onlyRecord().disposition()).isEqualTo(CallRecord.Disposition.BUSY);
    }

    @Test
    void call_cancelledWhileRinging_calleeCancelledToo() throws Exception {
        Peers.Running uas = callee("uas-ring.xml");
        Peers.Result uac = caller("uac-cancel.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        Peers.Result done = uas.await(Duration.ofSeconds(30));
        assertThat(done.exitCode()).as(done.output()).isZero();
        assertThat(onlyRecord().disposition()).isEqualTo(CallRecord.Disposition.CANCELLED);
    }

    @Test
    void call_notAnswered_480AfterRingTimeAndCalleeCancelled() throws Exception {
        noVoicemail("1002");
        Peers.Running uas = callee("uas-ring.xml");
        Peers.Result uac = caller("uac-noanswer.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        Peers.Result done = uas.await(Duration.ofSeconds(30));
        assertThat(done.exitCode()).as(done.output()).isZero();
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.NO_ANSWER);
        assertThat(Duration.between(r.start(), r.end())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void call_holdAndResume_reInvitesPassedThroughWithDirections() throws Exception {
        Peers.Running uas = callee("uas-held.xml");
        Peers.Result uac = caller("uac-hold.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        Peers.Result done = uas.await(Duration.ofSeconds(30));
        assertThat(done.exitCode()).as(done.output()).isZero();
        assertThat(onlyRecord().disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
    }

    @Test
    void call_forwardAfterRinging_unansweredFirstThenForwardTargetAnswers() throws Exception {
        f.pbx.extensions().setRinging(org.switchboard.core.Actor.SERVER, "1002",
                new RingingRules("1003", RingingRules.ForwardMode.AFTER_RINGING, null, false));
        Peers.Running first = callee("uas-ring.xml", "1002");
        Peers.Running second = callee("uas-answer.xml", "1003");
        Peers.Result uac = caller("uac-call.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        Peers.Result cancelled = first.await(Duration.ofSeconds(30));
        assertThat(cancelled.exitCode()).as("1002 rang and was CANCELled: " + cancelled.output()).isZero();
        Peers.Result answered = second.await(Duration.ofSeconds(30));
        assertThat(answered.exitCode()).as(answered.output()).isZero();
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
        assertThat(r.callee()).isEqualTo("1002");
        assertThat(Duration.between(r.start(), r.answer())).as("the forward target rang only after 1002's ring time").isGreaterThan(Duration.ofSeconds(4));
        assertThat(r.rtpFromCallee()).isGreaterThan(50);
    }

    @Test
    void call_forwardParallel_bothRingAndTheOtherIsCancelled() throws Exception {
        f.pbx.extensions().setRinging(org.switchboard.core.Actor.SERVER, "1002",
                new RingingRules("1003", RingingRules.ForwardMode.PARALLEL, null, false));
        Peers.Running first = callee("uas-ring.xml", "1002");
        Peers.Running second = callee("uas-answer.xml", "1003");
        Peers.Result uac = caller("uac-call.xml");
        assertThat(uac.exitCode()).as(uac.output()).isZero();
        assertThat(first.await(Duration.ofSeconds(30)).exitCode()).isZero();
        assertThat(second.await(Duration.ofSeconds(30)).exitCode()).isZero();
        CallRecord r = onlyRecord();
        assertThat(r.disposition()).isEqualTo(CallRecord.Disposition.ANSWERED);
        assertThat(Duration.between(r.start(), r.answer())).as("rang together, no waiting for 1002's ring time").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void call_rfc4733Events_relayedUntouchedToTheCallee() throws Exception {
        noVoicemail("1002");
        try (java.net.DatagramSocket media = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            media.setSoTimeout(200);
            Files.writeString(work.resolve("1002.csv"), "SEQUENTIAL\n1002;[authentication username=1002 password=S1p-Secret!1002]\n");
            int uasPort = Peers.freeUdpPort();
            Peers.Running uas = Peers.start(work, List.of("sipp", "-sf", scenario("uas-answer-listener.xml"), "-i", "127.0.0.1",
                    "-p", String.valueOf(uasPort), "-set", "rtpport", String.valueOf(media.getLocalPort()), "-m", "1", "-timeout", "40",
                    "-nostdin", "-trace_err", target()));
            background.add(uas);
            Peers.Result reg = Peers.run(Duration.ofSeconds(30), work, List.of("sipp", "-sf", scenario("register-contact.xml"), "-inf", "1002.csv",
                    "-set", "uasport", String.valueOf(uasPort), "-i", "127.0.0.1", "-p", "0", "-m", "1", "-timeout", "20", "-nostdin", target()));
            assertThat(reg.exitCode()).as(reg.output()).isZero();
            java.util.concurrent.CompletableFuture<Peers.Result> uac = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return caller("uac-dtmf.xml");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> events = new ArrayList<>();
            byte[] buf = new byte[2048];
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!uac.isDone() && System.nanoTime() < deadline) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                try {
                    media.receive(p);
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                if (p.getLength() >= 16 && (buf[1] & 0x7F) == 101) {
                    // event, end bit, RTP timestamp: exactly what the packaged pcaps carry
                    long ts = java.nio.ByteBuffer.wrap(buf, 4, 4).getInt() & 0xFFFFFFFFL;
                    events.add((buf[12] & 0xFF) + "/" + ((buf[13] & 0x80) != 0 ? "E" : "-") + "/" + ts);
                }
            }
            Peers.Result result = uac.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(uas.await(Duration.ofSeconds(30)).exitCode()).isZero();
            assertThat(events.stream().map(e -> e.substring(0, e.indexOf('/'))).distinct().toList())
                    .as("digits 1, 5, # (11), * (10) in order").containsExactly("1", "5", "11", "10");
            assertThat(events).contains("1/E/13280", "11/E/92640").filteredOn(e -> e.contains("/E/")).hasSizeGreaterThanOrEqualTo(4);
            assertThat(events).as("10 packets per digit in the pcaps, none lost on loopback").hasSize(40);
        }
    }
}
