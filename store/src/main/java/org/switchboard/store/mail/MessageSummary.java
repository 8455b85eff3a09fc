package org.switchboard.store.mail;

import java.time.Instant;
import java.util.Set;

/** One message of a mailbox as the session's view needs it: identity, flags and size. */
public record MessageSummary(long uid, long modseq, Set<String> flags, Instant internalDate, long size, String blobId) {}
