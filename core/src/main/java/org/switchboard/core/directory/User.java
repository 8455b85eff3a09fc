package org.switchboard.core.directory;

import java.time.Instant;
import java.util.List;

/**
 * A local user account (a mailbox, and later phone extensions). Identified by a stable id so
 * mailboxes and call records survive renames. Names and addresses are lower case local parts
 * within {@link #domain}. {@code archiveAccess} is the "Archive folders" right (the guide's Rights tab): the user
 * sees the archive folders of all archived mail, read-only.
 */
public record User(String id, String domain, String name, String fullName, String description,
                   List<String> addresses, boolean enabled, AdminRole role, String accessPolicy,
                   Quota quota, Credentials credentials, Phone phone, Instant created,
                   Instant lastPasswordReminder, boolean archiveAccess) {
    public User {
        addresses = List.copyOf(addresses);
        if (fullName == null) fullName = "";
        if (description == null) description = "";
        if (role == null) role = AdminRole.NONE;
        if (accessPolicy == null) accessPolicy = AccessPolicyNames.DEFAULT;
        if (quota == null) quota = Quota.UNLIMITED;
        if (credentials == null) credentials = Credentials.NONE;
        if (phone == null) phone = Phone.NONE;
    }

    /** Telephony side of the account: owned extensions and the voicemail PIN (hashed). */
    public record Phone(List<String> extensions, String voicemailPinHash) {
        public static final Phone NONE = new Phone(List.of(), null);

        public Phone { extensions = List.copyOf(extensions); }
    }

    /** A user without the archive right (the usual case). */
    public User(String id, String domain, String name, String fullName, String description,
                List<String> addresses, boolean enabled, AdminRole role, String accessPolicy,
                Quota quota, Credentials credentials, Phone phone, Instant created, Instant lastPasswordReminder) {
        this(id, domain, name, fullName, description, addresses, enabled, role, accessPolicy, quota, credentials, phone, created,
                lastPasswordReminder, false);
    }

    public String address() { return name + "@" + domain; }

    User withDomain(String d) {
        return new User(id, d, name, fullName, description, addresses, enabled, role, accessPolicy, quota, credentials, phone, created, lastPasswordReminder, archiveAccess);
    }

    User withCredentials(Credentials c) {
        return new User(id, domain, name, fullName, description, addresses, enabled, role, accessPolicy, quota, c, phone, created, null, archiveAccess);
    }

    User withLastPasswordReminder(Instant at) {
        return new User(id, domain, name, fullName, description, addresses, enabled, role, accessPolicy, quota, credentials, phone, created, at, archiveAccess);
    }
}
