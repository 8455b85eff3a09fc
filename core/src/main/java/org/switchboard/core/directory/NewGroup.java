package org.switchboard.core.directory;

import java.util.List;

/** Input for creating a group ("name@domain" or a bare name in the primary domain). */
public record NewGroup(String address, String description, List<String> addresses, List<String> members, AdminRole role) {}
