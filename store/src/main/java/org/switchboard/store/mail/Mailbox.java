package org.switchboard.store.mail;

/**
 * A folder with IMAP semantics (RFC 9051 §2.3.1.1): UIDVALIDITY never reused for the name,
 * UIDNEXT strictly increasing, HIGHESTMODSEQ increasing with every change (RFC 7162).
 * Names use '/' as the hierarchy delimiter; "INBOX" is case-insensitive.
 */
public record Mailbox(long id, String owner, String name, long uidValidity, long uidNext, long highestModseq,
                      SpecialUse specialUse, boolean subscribed, int messages, int unseen, long size) {}
