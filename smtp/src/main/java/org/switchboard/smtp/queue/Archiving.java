package org.switchboard.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.mail.ArchiveSettings;
import org.switchboard.core.mail.ArchiveSettings.MessageClass;
import org.switchboard.core.mail.MailArchive;

/**
 * Email archiving at queue acceptance (guide "Archiving in Kerio Connect"): a message accepted from an SMTP
 * client is archived once when any of its classes (one per recipient: local, incoming, outgoing, relayed) is
 * enabled, as received, into the archive folder of its period and, when set, to the remote archive address
 * as a notice (so it is never archived again nor answered with a DSN). Mail that enters the server another way
 * (a POP3 download, a voicemail) is archived the same way; mail the server makes from mail it already has
 * (forwards, DSNs, list copies, notices) is not. A failure is logged and never refuses the message.
 * Runs on the accepting session's thread; stateless apart from its collaborators.
 */
public final class Archiving {
    private final Supplier<ArchiveSettings> settings;
    private final MailArchive archive;
    private final Predicate<String> localDomain;
    private final Supplier<ZoneId> zone;

    /**
     * @param localDomain whether a domain (lower case) is one of the server's, aliases included
     * @param zone        the server's time zone, which decides the day a message falls on
     */
    public Archiving(Supplier<ArchiveSettings> settings, MailArchive archive, Predicate<String> localDomain, Supplier<ZoneId> zone) {
        this.settings = settings;
        this.archive = archive;
        this.localDomain = localDomain;
        this.zone = zone;
    }

    /** The classes a message belongs to, one per recipient (guide: by sender's and recipient's domain). */
    Set<MessageClass> classes(Envelope e) {
        boolean localSender = !e.from().isEmpty() && local(e.from());
        Set<MessageClass> out = EnumSet.noneOf(MessageClass.class);
        for (Envelope.Recipient r : e.recipients()) out.add(MessageClass.of(localSender, local(r.address())));
        return out;
    }

    void accepted(Envelope e, Path message, MailQueue queue) {
        if (MailQueue.LOCAL.equals(e.client())) return;
        ArchiveSettings s = settings.get();
        if (!s.enabled() || classes(e).stream().noneMatch(s::archives)) return;
        if (s.localFolders()) {
            String folder = s.interval().folder(e.arrived().atZone(zone.get()).toLocalDate());
            try (InputStream in = Files.newInputStream(message)) {
                archive.file(folder, in, e.arrived(), Long.MAX_VALUE);
                LogKind.debug("archive", "message {} archived in {}", e.id(), folder);
            } catch (IOException | RuntimeException ex) {
                LogKind.ERROR.log("Archiving: message {} could not be filed in archive folder {}: {}", e.id(), folder, ex.getMessage());
            }
        }
        if (s.remoteAddress() != null) {
            try (InputStream in = Files.newInputStream(message)) {
                String copy = queue.submit("", List.of(s.remoteAddress()), in, true);
                LogKind.debug("archive", "message {} sent to the archive address as {}", e.id(), copy);
            } catch (IOException | RuntimeException ex) {
                LogKind.ERROR.log("Archiving: message {} could not be queued for {}: {}", e.id(), s.remoteAddress(), ex.getMessage());
            }
        }
    }

    private boolean local(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && localDomain.test(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
