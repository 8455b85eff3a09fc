package org.switchboard.core.directory;

import java.util.List;

/**
 * Input for creating a user. {@code address} is "name@domain" or a bare name in the primary
 * domain. Null fields take defaults (enabled, no admin role, the Default policy, the domain's
 * default quota); {@code groups} are names of groups in the same domain (created if missing
 * during CSV import only).
 */
public record NewUser(String address, String password, String fullName, String description,
                      List<String> addresses, Boolean enabled, AdminRole role, String accessPolicy,
                      Quota quota, List<String> groups) {
    public static NewUser of(String address, String password, String fullName) {
        return new NewUser(address, password, fullName, null, null, null, null, null, null, null);
    }
}
