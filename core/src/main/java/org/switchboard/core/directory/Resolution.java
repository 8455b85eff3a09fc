package org.switchboard.core.directory;

import java.util.List;

/**
 * Where an address ends up ("Check Address"): the final targets and, step by step, why.
 * {@code loop} is set when alias expansion came back to an alias it had already expanded.
 */
public record Resolution(String address, List<Target> targets, List<String> steps, boolean loop) {

    public sealed interface Target permits Mailbox, PublicFolder, External, Unknown {}

    /** A local user's mailbox. */
    public record Mailbox(String userId, String address, boolean enabled) implements Target {}

    /** A public folder, e.g. {@code #public/Info}. */
    public record PublicFolder(String path) implements Target {}

    /** An address outside the server's domains: handed to outbound delivery. */
    public record External(String address) implements Target {}

    /** Nothing local answers to this address: SMTP refuses it with 550 5.1.1. */
    public record Unknown(String address) implements Target {}

    public boolean deliverable() {
        return !targets.isEmpty() && targets.stream().noneMatch(t -> t instanceof Unknown);
    }
}
