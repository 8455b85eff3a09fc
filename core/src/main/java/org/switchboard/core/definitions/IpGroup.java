package org.switchboard.core.definitions;

import java.util.List;

/**
 * A named IP address group (guide: Definitions → IP Address Groups). Entries are text, as an
 * admin types them: a host ("192.0.2.7", "2001:db8::1"), a range ("192.0.2.1-192.0.2.50"),
 * a network ("10.0.0.0/8", "2001:db8::/32") or another group ("group:Local").
 */
public record IpGroup(String name, String description, List<String> entries) {
    public IpGroup {
        entries = List.copyOf(entries);
        if (description == null) description = "";
    }
}
