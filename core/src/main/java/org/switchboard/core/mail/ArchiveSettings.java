package org.switchboard.core.mail;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import org.switchboard.core.settings.Section;

/**
 * Email archiving (guide "Archiving in Kerio Connect"; digest part 2 §16): which accepted messages are copied
 * into the archive folders of the mail store (one folder per interval) and, optionally, to a remote address.
 * Only mail accepted after archiving is enabled is archived. Users see the folders only with their
 * "archive folders" right.
 *
 * @param enabled        archive at all
 * @param local          local sender, local recipient
 * @param incoming       remote sender, local recipient
 * @param outgoing       local sender, remote recipient
 * @param relayed        remote sender, remote recipient
 * @param beforeFilters  archive the message as received, before content filters change or reject it; kept for the
 *                       spam and virus filters of a later issue: today every message is archived as received
 * @param localFolders   file copies in the archive folders ({@code #archive/<period>})
 * @param interval       one archive folder per day, week (named by its Monday) or month
 * @param remoteAddress  also send each archived message to this address; null = none
 */
public record ArchiveSettings(boolean enabled, boolean local, boolean incoming, boolean outgoing, boolean relayed,
                              boolean beforeFilters, boolean localFolders, Interval interval, String remoteAddress) {

    /** The folder rotation. */
    public enum Interval {
        DAILY, WEEKLY, MONTHLY;

        /** The archive folder's name for a day: 2026-11-22, 2026-11-16 (the week's Monday) or 2026-11. */
        public String folder(LocalDate day) {
            return switch (this) {
                case DAILY -> day.toString();
                case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
                case MONTHLY -> day.format(DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT));
            };
        }
    }

    /** Which way a message travels, from its sender's and one recipient's domain (guide: the four classes). */
    public enum MessageClass {
        LOCAL, INCOMING, OUTGOING, RELAYED;

        public static MessageClass of(boolean localSender, boolean localRecipient) {
            if (localSender) return localRecipient ? LOCAL : OUTGOING;
            return localRecipient ? INCOMING : RELAYED;
        }
    }

    public static final ArchiveSettings DEFAULTS = new ArchiveSettings(false, true, true, true, true, true, true,
            Interval.WEEKLY, null);

    public static final Section<ArchiveSettings> SECTION = new Section<>("archive", ArchiveSettings.class, DEFAULTS,
            ArchiveSettings::check);

    public ArchiveSettings {
        if (interval == null) interval = Interval.WEEKLY;
        if (remoteAddress != null && remoteAddress.isBlank()) remoteAddress = null;
        if (remoteAddress != null) remoteAddress = remoteAddress.strip();
    }

    /** Whether messages of this class are archived. */
    public boolean archives(MessageClass c) {
        if (!enabled) return false;
        return switch (c) {
            case LOCAL -> local;
            case INCOMING -> incoming;
            case OUTGOING -> outgoing;
            case RELAYED -> relayed;
        };
    }

    static void check(ArchiveSettings s) {
        if (s.remoteAddress() != null && (s.remoteAddress().length() > 254
                || !s.remoteAddress().matches("[^@\\s<>()\\[\\],;:\"]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+"))) {
            throw new IllegalArgumentException("remoteAddress must be an e-mail address such as archive@example.net");
        }
        if (s.enabled() && !s.localFolders() && s.remoteAddress() == null) {
            throw new IllegalArgumentException("archiving needs the archive folders (localFolders) or a remoteAddress");
        }
    }
}
