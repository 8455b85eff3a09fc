package org.switchboard.store.mail;

import java.time.Instant;

/**
 * What was parsed once at append (mime4j): the MIME part tree with byte offsets into the
 * blob, and the header fields SORT/THREAD/SEARCH need. FETCH ENVELOPE / BODYSTRUCTURE /
 * BODY[section] are answered from this plus ranges of the blob, never a re-parse.
 */
public record MessageMeta(long uid, MimePart root, String subject, String from, String to, String cc,
                          String messageId, String inReplyTo, String references, Instant sentDate) {}
