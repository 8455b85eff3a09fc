package org.switchboard.core.directory;

import java.util.List;
import org.switchboard.core.auth.PasswordPolicy;

/**
 * A mail domain. Exactly one domain is primary: its users log in with the bare user name.
 * Aliases are other domain names that deliver into this domain (never used to log in).
 */
public record Domain(String name, String description, boolean primary, List<String> aliases,
                     int maxConcurrentUsers, PasswordPolicy passwordPolicy, Quota defaultQuota) {
    public Domain {
        aliases = List.copyOf(aliases);
        if (passwordPolicy == null) passwordPolicy = PasswordPolicy.defaults();
        if (defaultQuota == null) defaultQuota = Quota.UNLIMITED;
        if (description == null) description = "";
    }

    Domain withPrimary(boolean p) {
        return new Domain(name, description, p, aliases, maxConcurrentUsers, passwordPolicy, defaultQuota);
    }
}
