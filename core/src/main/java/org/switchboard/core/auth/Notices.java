package org.switchboard.core.auth;

import org.switchboard.core.directory.User;

/**
 * Sends a short notice to a user's mailbox (password expiry reminders, quota warnings).
 * Implemented by mail delivery; until a mail service is wired, the app's implementation
 * records the notice in the Mail log so nothing is silently dropped.
 */
@FunctionalInterface
public interface Notices {
    void send(User user, String subject, String text);
}
