package org.switchboard.core.directory;

/** The access policy every new user gets (guide: User Access Policies). */
public final class AccessPolicyNames {
    public static final String DEFAULT = "Default";

    private AccessPolicyNames() {}
}
