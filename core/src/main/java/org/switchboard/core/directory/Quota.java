package org.switchboard.core.directory;

/** Mailbox quota: 0 means unlimited; the user is warned at {@code warningPercent} of either limit. */
public record Quota(long storageBytes, long messages, int warningPercent) {
    public static final Quota UNLIMITED = new Quota(0, 0, 90);

    public Quota {
        if (storageBytes < 0) throw new IllegalArgumentException("storage limit must not be negative");
        if (messages < 0) throw new IllegalArgumentException("message limit must not be negative");
        if (warningPercent < 1 || warningPercent > 100) throw new IllegalArgumentException("warning percentage must be 1..100");
    }
}
