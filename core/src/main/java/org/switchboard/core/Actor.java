package org.switchboard.core;

/**
 * Who makes a change and from where; every Config log line names both.
 * {@code from} is an IP address, "cli", or "server" for changes the server makes itself.
 */
public record Actor(String name, String from) {
    public static final Actor SERVER = new Actor("server", "localhost");

    @Override
    public String toString() { return name + " (" + from + ")"; }
}
