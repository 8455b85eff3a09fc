package org.switchboard.pbx.extension;

/**
 * An internal number (guide ch. 9): owned by a user (id) or standalone (owner null). The SIP password is sealed
 * with the server's SecretBox because digest authentication needs it in clear (RFC 3261 §22.4); the voicemail
 * PIN is only ever compared, so it is stored as a one-way hash.
 *
 * @param ringSeconds       no-answer timeout for calls to it; 0 uses the exchange default
 * @param ringing           forwarding and voicemail rules; null in records written before they existed
 * @param voicemailPinHash  PasswordHasher hash of the voicemail PIN; null when none is set (mailbox closed)
 */
public record Extension(String number, String ownerId, String displayName, String description, String sealedSipPassword,
                        int ringSeconds, RingingRules ringing, String voicemailPinHash) {
    public Extension {
        if (displayName == null) displayName = "";
        if (description == null) description = "";
        if (ringing == null) ringing = RingingRules.DEFAULT;
    }

    public boolean standalone() { return ownerId == null; }

    /** The record without its secrets, for the API and logs. */
    public Extension withoutSecret() {
        return new Extension(number, ownerId, displayName, description, null, ringSeconds, ringing, null);
    }

    Extension withSealedSipPassword(String sealed) {
        return new Extension(number, ownerId, displayName, description, sealed, ringSeconds, ringing, voicemailPinHash);
    }

    Extension withRinging(RingingRules rules) {
        return new Extension(number, ownerId, displayName, description, sealedSipPassword, ringSeconds, rules, voicemailPinHash);
    }

    Extension withVoicemailPinHash(String hash) {
        return new Extension(number, ownerId, displayName, description, sealedSipPassword, ringSeconds, ringing, hash);
    }
}
