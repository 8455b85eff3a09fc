package org.switchboard.core.directory;

import java.util.List;

/** A partial update of a user: null fields stay as they are. */
public record UserChange(String fullName, String description, List<String> addresses, Boolean enabled,
                         AdminRole role, String accessPolicy, Quota quota, List<String> groups, Boolean archiveAccess) {
    /** A change that leaves the archive right as it is. */
    public UserChange(String fullName, String description, List<String> addresses, Boolean enabled,
                      AdminRole role, String accessPolicy, Quota quota, List<String> groups) {
        this(fullName, description, addresses, enabled, role, accessPolicy, quota, groups, null);
    }

    public static UserChange enabled(boolean enabled) {
        return new UserChange(null, null, null, enabled, null, null, null, null);
    }
}
