package org.switchboard.pbx.extension;

/**
 * Input for creating an extension: {@code owner} is a user address (or null for a standalone extension);
 * {@code sipPassword} null generates a strong one (guide §5: more than 8 characters, three classes).
 */
public record NewExtension(String number, String owner, String displayName, String description, String sipPassword, Integer ringSeconds) {
    public static NewExtension of(String number, String owner, String sipPassword) {
        return new NewExtension(number, owner, null, null, sipPassword, null);
    }
}
