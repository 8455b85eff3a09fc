package org.switchboard.core.auth;

import org.switchboard.core.directory.AdminRole;

/**
 * Someone who has logged in: a directory user (with their effective admin role) or the
 * built-in administrator, who has no mailbox and whole-server rights.
 */
public record Principal(String login, String userId, String domain, AdminRole role) {
    public static final String BUILTIN_ADMIN = "Admin";

    public boolean isBuiltinAdmin() { return userId == null; }

    public boolean canReadServer() { return role == AdminRole.SERVER_READ_ONLY || role == AdminRole.SERVER_READ_WRITE; }

    public boolean canWriteServer() { return role == AdminRole.SERVER_READ_WRITE; }

    /** Domain admins read and write accounts of their own domain only (guide §9). */
    public boolean canReadDomain(String d) { return canReadServer() || (role == AdminRole.DOMAIN_READ_WRITE && d.equals(domain)); }

    public boolean canWriteDomain(String d) { return canWriteServer() || (role == AdminRole.DOMAIN_READ_WRITE && d.equals(domain)); }

    public boolean isAdmin() { return role != AdminRole.NONE; }
}
