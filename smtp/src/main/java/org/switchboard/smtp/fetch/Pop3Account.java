package org.switchboard.smtp.fetch;

/**
 * A remote POP3 mailbox to download (guide part 1 §27, "POP3 Download → Accounts"). The password
 * is sealed with the server's secrets key and never leaves through the API.
 *
 * @param deliverTo        every message goes to this address; null = sort by the sorting rules (multi-drop)
 * @param leaveOnServer    keep messages on the server (downloaded once, remembered by UIDL) instead of deleting them
 * @param maxMessages      messages downloaded per session (0 = all)
 * @param maxMessageBytes  larger messages stay on the server and are reported in the Warning log
 */
public record Pop3Account(String name, boolean enabled, String server, int port, ClientTls tls, boolean verifyCertificate,
                          String user, String sealedPassword, String deliverTo, boolean leaveOnServer, int maxMessages,
                          long maxMessageBytes) {
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 50L * 1024 * 1024;

    /** The account as the API shows it: everything but the sealed password. */
    public Pop3Account withoutSecret() {
        return new Pop3Account(name, enabled, server, port, tls, verifyCertificate, user, null, deliverTo, leaveOnServer, maxMessages, maxMessageBytes);
    }

    @Override
    public String toString() {
        return "Pop3Account[" + name + ", " + (enabled ? "enabled" : "disabled") + ", " + user + "@" + server + ":" + port + " " + tls
                + (verifyCertificate ? "" : " (certificate not checked)") + ", password ***, "
                + (deliverTo == null ? "sorting rules" : "to " + deliverTo) + ", " + (leaveOnServer ? "leave on server" : "delete on server")
                + ", max " + maxMessages + " messages of " + maxMessageBytes + " octets]";
    }
}
