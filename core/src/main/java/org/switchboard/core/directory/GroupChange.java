package org.switchboard.core.directory;

import java.util.List;

/** A partial update of a group: null fields stay as they are. Members are user addresses. */
public record GroupChange(String description, List<String> addresses, List<String> members, AdminRole role) {}
