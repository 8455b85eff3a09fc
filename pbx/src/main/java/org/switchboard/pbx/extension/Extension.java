package org.switchboard.pbx.extension;

import java.util.List;

/**
 * An internal number (guide ch. 9): owned by a user (id) or standalone (owner null). The SIP password is sealed
 * with the server's SecretBox because digest authentication needs it in clear (RFC 3261 §22.4); the voicemail
 * PIN is only ever compared, so it is stored as a one-way hash.
 *
 * @param ringSeconds       no-answer timeout for calls to it; 0 uses the exchange default
 * @param ringing           forwarding and voicemail rules; null in records written before they existed
 * @param voicemailPinHash  PasswordHasher hash of the voicemail PIN; null when none is set (mailbox closed)
 * @param sipUsers          generated per-device SIP user names (guide ch. 16), one per manually configured phone
 *                          when there are two or more; empty (null in older records) when the number is the only one
 */
public record Extension(String number, String ownerId, String displayName, String description, String sealedSipPassword,
                        int ringSeconds, RingingRules ringing, String voicemailPinHash, List<String> sipUsers) {
    public Extension {
        if (displayName == null) displayName = "";
        if (description == null) description = "";
        if (ringing == null) ringing = RingingRules.DEFAULT;
        sipUsers = sipUsers == null ? List.of() : List.copyOf(sipUsers);
    }

    /** "Number of manually configured phones" (guide Figure 9.1): 1 unless per-device names were generated. */
    public int phones() { return Math.max(1, sipUsers.size()); }

    /** Whether {@code user} may authenticate as this extension: its number or one of its generated names. */
    public boolean hasSipUser(String user) { return number.equals(user) || sipUsers.contains(user); }

    public boolean standalone() { return ownerId == null; }

    /** The record without its secrets, for the API and logs. */
    public Extension withoutSecret() {
        return new Extension(number, ownerId, displayName, description, null, ringSeconds, ringing, null, sipUsers);
    }

    Extension withSealedSipPassword(String sealed) {
        return new Extension(number, ownerId, displayName, description, sealed, ringSeconds, ringing, voicemailPinHash, sipUsers);
    }

    Extension withRinging(RingingRules rules) {
        return new Extension(number, ownerId, displayName, description, sealedSipPassword, ringSeconds, rules, voicemailPinHash, sipUsers);
    }

    Extension withVoicemailPinHash(String hash) {
        return new Extension(number, ownerId, displayName, description, sealedSipPassword, ringSeconds, ringing, hash, sipUsers);
    }

    Extension withSipUsers(List<String> users) {
        return new Extension(number, ownerId, displayName, description, sealedSipPassword, ringSeconds, ringing, voicemailPinHash, users);
    }
}
