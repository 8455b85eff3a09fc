package org.switchboard.smtp.fetch;

/**
 * One sorting rule for multi-drop POP3 download (guide part 1 §27): mail whose sort address
 * matches {@code sortAddress} goes to {@code deliverTo}. {@code *} is a wildcard; a {@code *} in
 * {@code deliverTo} takes what the first {@code *} of the pattern matched, so
 * {@code *@example.com -> *@example.com} delivers by recipient. The lone pattern {@code *} is the
 * catch-all for messages no other rule matched; without it those messages are discarded.
 */
public record SortingRule(String sortAddress, String deliverTo) {
    public static final String CATCH_ALL = "*";

    public boolean catchAll() { return CATCH_ALL.equals(sortAddress.strip()); }
}
