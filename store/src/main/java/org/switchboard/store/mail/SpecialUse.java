package org.switchboard.store.mail;

/** RFC 6154 special-use roles of the folders every new user gets. */
public enum SpecialUse {
    INBOX(null), SENT("\\Sent"), DRAFTS("\\Drafts"), JUNK("\\Junk"), TRASH("\\Trash"), ARCHIVE("\\Archive");

    /** The IMAP attribute, null for INBOX (which has none). */
    public final String attribute;

    SpecialUse(String attribute) { this.attribute = attribute; }
}
