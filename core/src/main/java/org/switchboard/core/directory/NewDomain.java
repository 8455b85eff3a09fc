package org.switchboard.core.directory;

import org.switchboard.core.auth.PasswordPolicy;

/** Input for creating a domain; null fields take defaults. */
public record NewDomain(String name, String description, Integer maxConcurrentUsers,
                        PasswordPolicy passwordPolicy, Quota defaultQuota) {
    public static NewDomain named(String name) { return new NewDomain(name, null, null, null, null); }
}
