package org.switchboard.core.auth;

import java.util.ArrayList;
import java.util.List;

/** Placeholder until the auth branch lands; same signature. */
public record PasswordPolicy(boolean complexity, int minLength, int expiryDays) {
    public static PasswordPolicy defaults() { return new PasswordPolicy(true, 8, 0); }

    public List<String> violations(String password, String username, String fullName, String domain) {
        List<String> v = new ArrayList<>();
        if (password == null || password.length() < Math.max(1, minLength)) v.add("must be at least " + minLength + " characters");
        return v;
    }
}
