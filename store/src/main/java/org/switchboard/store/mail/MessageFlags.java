package org.switchboard.store.mail;

import java.util.Set;

/** The standard system flags (RFC 9051 §2.3.2); anything else in a flag set is a keyword. */
public final class MessageFlags {
    public static final String SEEN = "\\Seen", ANSWERED = "\\Answered", FLAGGED = "\\Flagged", DELETED = "\\Deleted",
            DRAFT = "\\Draft";
    public static final Set<String> SYSTEM = Set.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);
    /** Never stored: a session's own view of which messages it was the first to see (RFC 3501 §2.3.2). */
    public static final String RECENT = "\\Recent";

    private MessageFlags() {}
}
