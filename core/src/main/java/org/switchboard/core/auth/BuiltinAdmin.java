package org.switchboard.core.auth;

import java.time.Instant;

/** The built-in administrator "Admin": no mailbox, whole-server rights (guide §9). */
public record BuiltinAdmin(boolean enabled, String passwordHash, Instant changedAt) {}
