package org.switchboard.app;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Supplier;
import org.switchboard.core.auth.Notices;
import org.switchboard.core.directory.User;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.mail.LocalDelivery;

/**
 * Notices the server sends its users (password expiry, quota) as short plain-text mails
 * through the local delivery, marked Auto-Submitted (RFC 3834) so no vacation reply answers them.
 */
final class MailNotices implements Notices {
    private final LocalDelivery delivery;
    private final Supplier<String> hostName;

    MailNotices(LocalDelivery delivery, Supplier<String> hostName) {
        this.delivery = delivery;
        this.hostName = hostName;
    }

    @Override
    public void send(User user, String subject, String text) {
        String from = "postmaster@" + hostName.get();
        String message = "From: Switchboard <" + from + ">\r\nTo: <" + user.address() + ">\r\nSubject: " + subject
                + "\r\nDate: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@" + hostName.get() + ">\r\nAuto-Submitted: auto-generated"
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + text.replace("\n", "\r\n") + "\r\n";
        try {
            delivery.deliver(user.address(), "", new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            LogKind.WARNING.log("Notice to {} ({}) could not be delivered: {}", user.address(), subject, e.getMessage());
        }
    }
}
