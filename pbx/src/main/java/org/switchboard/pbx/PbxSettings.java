package org.switchboard.pbx;

import java.util.List;
import org.switchboard.core.settings.Section;

/**
 * Telephone exchange settings (guide ch. 5, 9, 20, 25). Ports get the server's port offset added when bound.
 *
 * @param listenAddress     IP the SIP sockets bind to ("0.0.0.0" for all)
 * @param sipPort           UDP and TCP (RFC 3261 §18: 5060)
 * @param sipsPort          TLS (5061); 0 disables TLS
 * @param realm             digest realm shown to phones; empty means the server host name
 * @param digestAlgorithms  challenge order, most preferred first (RFC 8760 §2.4): "MD5", "SHA-256"
 * @param mediaAddress      the address put into SDP for relayed media; empty means the address the phone reached us on
 * @param rtpPortMin        first port of the RTP/RTCP relay range (each call uses 4, guide §25.2.2)
 * @param rtpPortMax        last port of the range
 * @param minExpires        shortest registration accepted (RFC 3261 §10.3 step 7, 423 below)
 * @param maxExpires        longest registration granted
 * @param ringSeconds       default no-answer timeout before the caller gets 480 (or voicemail)
 * @param maxContacts       registered devices per extension
 * @param allowedIpGroup    IP address group allowed to use SIP (guide §5.2 firewall "SIP"); empty allows all
 * @param voicemailNumber   voicemail access extension (dial plan type 7)
 * @param voicemailPrefix   prefix dialled before an extension to reach its voicemail directly (guide §20.2)
 * @param voicemailMaxSeconds longest voicemail message recorded; 0 in older settings means the default, 180
 * @param voicemailSender   From address of voicemail e-mails (guide §20.3 "Sender email address"); empty means
 *                          voicemail@ the server host name
 */
public record PbxSettings(boolean enabled, String listenAddress, int sipPort, int sipsPort, String realm,
                          List<String> digestAlgorithms, String mediaAddress, int rtpPortMin, int rtpPortMax,
                          int minExpires, int maxExpires, int ringSeconds, int maxContacts, String allowedIpGroup,
                          String voicemailNumber, String voicemailPrefix, int voicemailMaxSeconds, String voicemailSender) {
    public static final Section<PbxSettings> SECTION = new Section<>("pbx", PbxSettings.class,
            // MD5 only by default. RFC 8760 §2.4 lets a UAC pick the challenge it supports, but with both offered
            // baresip 1.0 (libre 1.1.0) fails the registration (ENOSYS) in either order, and SIPp 3.6.1 and
            // sipvicious 0.3.3 answer only the first challenge, with MD5 only (BaresipTest, RegistrarSippTest).
            // SHA-256 first works with clients that implement RFC 8760 (RegistrarSippTest's python3 client): opt in.
            new PbxSettings(true, "0.0.0.0", 5060, 5061, "", List.of("MD5"), "", 30000, 30999, 60, 3600, 30, 10,
                    "", "50", "*9", 180, ""), PbxSettings::check);

    public PbxSettings {
        digestAlgorithms = digestAlgorithms == null ? List.of("MD5") : List.copyOf(digestAlgorithms);
        if (realm == null) realm = "";
        if (mediaAddress == null) mediaAddress = "";
        if (allowedIpGroup == null) allowedIpGroup = "";
        if (voicemailNumber == null) voicemailNumber = "";
        if (voicemailPrefix == null) voicemailPrefix = "";
        if (voicemailMaxSeconds == 0) voicemailMaxSeconds = 180;
        if (voicemailSender == null) voicemailSender = "";
    }

    static void check(PbxSettings s) {
        if (s.sipPort() < 1 || s.sipPort() > 65535) throw new IllegalArgumentException("sipPort must be 1..65535");
        if (s.sipsPort() < 0 || s.sipsPort() > 65535 || s.sipsPort() == s.sipPort()) throw new IllegalArgumentException("sipsPort must be 0 (off) or another port 1..65535");
        if (s.digestAlgorithms().isEmpty() || !List.of("MD5", "SHA-256").containsAll(s.digestAlgorithms())) {
            throw new IllegalArgumentException("digestAlgorithms must list MD5 and/or SHA-256");
        }
        if (s.rtpPortMin() < 1024 || s.rtpPortMax() > 65535 || s.rtpPortMax() - s.rtpPortMin() < 3) {
            throw new IllegalArgumentException("the RTP port range must lie in 1024..65535 and hold at least 4 ports");
        }
        if (s.minExpires() < 1 || s.maxExpires() < s.minExpires()) throw new IllegalArgumentException("need 1 <= minExpires <= maxExpires");
        if (s.ringSeconds() < 5 || s.ringSeconds() > 600) throw new IllegalArgumentException("ringSeconds must be 5..600");
        if (s.maxContacts() < 1 || s.maxContacts() > 100) throw new IllegalArgumentException("maxContacts must be 1..100");
        if (!s.voicemailNumber().isEmpty() && !s.voicemailNumber().matches("[0-9*#]{1,15}")) throw new IllegalArgumentException("voicemailNumber must be 1..15 digits, * or #");
        if (!s.voicemailPrefix().isEmpty() && !s.voicemailPrefix().matches("[0-9*#]{1,5}")) throw new IllegalArgumentException("voicemailPrefix must be 1..5 digits, * or #");
        if (s.voicemailMaxSeconds() < 10 || s.voicemailMaxSeconds() > 3600) throw new IllegalArgumentException("voicemailMaxSeconds must be 10..3600");
        if (!s.voicemailSender().isEmpty() && !s.voicemailSender().matches("[^\\s@<>\"]+@[^\\s@<>\"]+")) {
            throw new IllegalArgumentException("voicemailSender must be an e-mail address");
        }
    }
}
