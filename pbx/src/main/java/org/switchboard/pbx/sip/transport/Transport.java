package org.switchboard.pbx.sip.transport;

/** SIP transports (RFC 3261 §18); reliable ones need no retransmissions (§17.1.1.2). */
public enum Transport {
    UDP(false), TCP(true), TLS(true);

    private final boolean reliable;

    Transport(boolean reliable) { this.reliable = reliable; }

    public boolean reliable() { return reliable; }

    public static Transport of(String viaTransport) {
        return switch (viaTransport.toUpperCase(java.util.Locale.ROOT)) {
            case "TCP" -> TCP;
            case "TLS" -> TLS;
            default -> UDP;
        };
    }
}
