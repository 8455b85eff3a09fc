package org.switchboard.store.mail;

import java.util.Set;

/** A change to a mailbox, in MODSEQ order, as sessions replay it (RFC 7162). */
public sealed interface Change permits Change.Added, Change.FlagsChanged, Change.Expunged {
    long modseq();

    long uid();

    record Added(long uid, long modseq, Set<String> flags) implements Change {}

    record FlagsChanged(long uid, long modseq, Set<String> flags) implements Change {}

    record Expunged(long uid, long modseq) implements Change {}
}
