package org.switchboard.core.directory;

/**
 * Administration rights (guide: Rights tab). Ordered from least to most powerful, so the
 * effective role of a user is the maximum of their own and their groups' roles.
 */
public enum AdminRole {
    NONE, DOMAIN_READ_WRITE, SERVER_READ_ONLY, SERVER_READ_WRITE;

    public static AdminRole max(AdminRole a, AdminRole b) { return a.ordinal() >= b.ordinal() ? a : b; }
}
