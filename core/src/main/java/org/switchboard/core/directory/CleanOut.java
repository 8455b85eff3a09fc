package org.switchboard.core.directory;

/**
 * Automatic clean-out of old items (guide §18.1): messages older than N days are removed from
 * Trash, Junk and Sent, and optionally from every folder. Per domain as the default, per user
 * as an override; a null field inherits (user from domain, domain means "off"), 0 means off.
 */
public record CleanOut(Integer trashDays, Integer junkDays, Integer sentDays, Integer allDays) {
    public static final CleanOut INHERIT = new CleanOut(null, null, null, null);

    public CleanOut {
        for (Integer d : new Integer[] {trashDays, junkDays, sentDays, allDays}) {
            if (d != null && (d < 0 || d > 36500)) throw new IllegalArgumentException("clean-out days must be 0 (off) to 36500");
        }
    }

    /** This record's values where set, the fallback's otherwise. */
    public CleanOut over(CleanOut fallback) {
        return new CleanOut(trashDays != null ? trashDays : fallback.trashDays, junkDays != null ? junkDays : fallback.junkDays,
                sentDays != null ? sentDays : fallback.sentDays, allDays != null ? allDays : fallback.allDays);
    }

    static int days(Integer d) { return d == null ? 0 : d; }
}
