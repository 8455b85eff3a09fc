package org.switchboard.core.directory;

import java.util.List;

/**
 * A group: a distribution address for its members and a way to grant admin rights to many
 * users. Members are user ids of the same domain. Addresses may reuse a user name; then that
 * user receives the group's mail as well (addresses add up).
 */
public record Group(String id, String domain, String name, String description, List<String> addresses,
                    List<String> members, AdminRole role) {
    public Group {
        addresses = List.copyOf(addresses);
        members = List.copyOf(members);
        if (description == null) description = "";
        if (role == null) role = AdminRole.NONE;
    }

    public String address() { return name + "@" + domain; }

    Group withDomain(String d) { return new Group(id, d, name, description, addresses, members, role); }

    Group withMembers(List<String> m) { return new Group(id, domain, name, description, addresses, m, role); }
}
