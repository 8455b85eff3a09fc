package org.switchboard.pbx.extension;

/**
 * Input for creating an extension: {@code owner} is a user address (or null for a standalone extension);
 * {@code sipPassword} null generates a strong one (guide §5: more than 8 characters, three classes);
 * {@code ringing} null means the default rules; {@code voicemailPin} null leaves the mailbox without a PIN;
 * {@code phones} is the number of manually configured phones (guide ch. 16), null meaning 1.
 */
public record NewExtension(String number, String owner, String displayName, String description, String sipPassword, Integer ringSeconds,
                           RingingRules ringing, String voicemailPin, Integer phones) {
    public static NewExtension of(String number, String owner, String sipPassword) {
        return new NewExtension(number, owner, null, null, sipPassword, null, null, null, null);
    }
}
