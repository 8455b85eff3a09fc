package org.switchboard.pbx.extension;

/**
 * An internal number (guide ch. 9): owned by a user (id) or standalone (owner null). The SIP password is sealed
 * with the server's SecretBox because digest authentication needs it in clear (RFC 3261 §22.4).
 *
 * @param ringSeconds no-answer timeout for calls to it; 0 uses the exchange default
 */
public record Extension(String number, String ownerId, String displayName, String description, String sealedSipPassword,
                        int ringSeconds) {
    public Extension {
        if (displayName == null) displayName = "";
        if (description == null) description = "";
    }

    public boolean standalone() { return ownerId == null; }

    /** The record without its secret, for the API and logs. */
    public Extension withoutSecret() { return new Extension(number, ownerId, displayName, description, null, ringSeconds); }
}
