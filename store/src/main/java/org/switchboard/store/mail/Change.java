package org.switchboard.store.mail;

import java.util.Set;

/** A change to a mailbox, in MODSEQ order, as sessions replay it (RFC 7162). */
public sealed interface Change permits Change.Added, Change.FlagsChanged, Change.Expunged {
    long modseq();

    long uid();

    /**
     * A message the reader has not seen. {@code modseq} and {@code flags} are the message's current ones, which may be
     * later than its arrival at {@code createdModseq}: a reader holding back changes at some MODSEQ still needs to
     * know the message existed before it.
     */
    record Added(long uid, long modseq, Set<String> flags, long createdModseq) implements Change {
        /** A message whose flags have not changed since it arrived. */
        public Added(long uid, long modseq, Set<String> flags) {
            this(uid, modseq, flags, modseq);
        }
    }

    record FlagsChanged(long uid, long modseq, Set<String> flags) implements Change {}

    record Expunged(long uid, long modseq) implements Change {}
}
