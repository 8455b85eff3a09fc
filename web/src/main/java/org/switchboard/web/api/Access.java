package org.switchboard.web.api;

/**
 * What a route requires before its handler runs. Domain-scoped rights (a domain admin
 * managing their own domain) are checked by the handler once it knows the domain.
 */
public enum Access {
    /** No login: login itself, health. */
    PUBLIC,
    /** Any administrator; the handler narrows to the domains the caller may see or change. */
    ADMIN,
    /** Whole-server read-only or read/write. */
    SERVER_READ,
    /** Whole-server read/write. */
    SERVER_WRITE
}
