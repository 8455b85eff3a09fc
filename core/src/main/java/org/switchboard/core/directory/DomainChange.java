package org.switchboard.core.directory;

import java.util.List;
import org.switchboard.core.auth.PasswordPolicy;

/** A partial update of a domain: null fields stay as they are. */
public record DomainChange(String description, Integer maxConcurrentUsers, PasswordPolicy passwordPolicy,
                           Quota defaultQuota, List<String> aliases) {}
