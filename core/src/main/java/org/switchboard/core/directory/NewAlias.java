package org.switchboard.core.directory;

/** Input for an alias: {@code pattern} is "local@domain" (wildcards allowed in the local part). */
public record NewAlias(String pattern, String target, String description) {}
