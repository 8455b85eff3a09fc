package org.switchboard.pbx.extension;

/**
 * One number in the single dial-plan namespace (guide ch. 12): Type IDs as the guide's CSV export shows them,
 * 1 user extension, 7 voicemail; 2 standalone extension, 8 direct-voicemail prefix are ours.
 */
public record DialPlanEntry(String number, int typeId, String description) {
    public static final int USER_EXTENSION = 1, STANDALONE_EXTENSION = 2, VOICEMAIL = 7, VOICEMAIL_PREFIX = 8;
}
