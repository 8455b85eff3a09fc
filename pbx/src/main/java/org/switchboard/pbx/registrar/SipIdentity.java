package org.switchboard.pbx.registrar;

import org.switchboard.pbx.extension.Extension;

/**
 * Who a request authenticated as: the extension, and the SIP user name the device used, which is the extension's
 * number or one of its generated per-device names (guide ch. 16).
 */
public record SipIdentity(Extension extension, String user) {
    /** Whether the device used a generated name, so it speaks for its own registrations only. */
    public boolean device() { return !user.equals(extension.number()); }
}
