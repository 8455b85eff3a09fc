package org.switchboard.smtp.server;

import org.switchboard.smtp.SmtpSettings;

/**
 * Relay control exactly as the guide describes (part 1 §26.1): relay is allowed for an IP address
 * group, for users authenticated over SMTP, or for addresses that logged in to POP3 within the
 * window; any one suffices. Exception: once SMTP authentication failed in this session, the IP
 * group and POP3 window no longer count. Stateless.
 */
final class RelayCheck {
    private RelayCheck() {
    }

    /** Null when relay is allowed, else why not (for the Security log). */
    static String denial(SmtpSession s) {
        SmtpSettings settings = s.server().settings();
        if (s.principal() != null) {
            return settings.relayForAuthenticated() ? null : "relay for authenticated users is off";
        }
        if (s.authFailed() && settings.relayForAuthenticated()) {
            return "SMTP authentication failed in this session, so the IP group does not apply";
        }
        if (s.server().inGroup(settings.relayIpGroup(), s.client())) return null;
        if (settings.relayForPopBeforeSmtp() && s.server().popBeforeSmtp().recent(s.client(), settings.popBeforeSmtpMinutes())) return null;
        return "not authenticated and " + s.clientIp() + " is not in the relay IP group"
                + (settings.relayIpGroup() == null ? "" : " '" + settings.relayIpGroup() + "'");
    }
}
