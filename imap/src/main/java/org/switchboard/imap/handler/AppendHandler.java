package org.switchboard.imap.handler;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.switchboard.core.log.LogKind;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapResponseWriter.Status;
import org.switchboard.imap.codec.ReaderEvent;
import org.switchboard.store.mail.MailStore;
import org.switchboard.store.mail.MailStoreException;

/**
 * APPEND (RFC 9051 §6.3.12, UIDPLUS APPENDUID, APPENDLIMIT RFC 7889) in two steps. When the message
 * literal is announced, the target is checked and the bytes are streamed straight into the store (never
 * held in memory); when the command line ends, the answer is sent. A synchronizing literal that will be
 * refused is refused before "+", so the client does not send it; a non-synchronizing one is drained.
 */
final class AppendHandler {
    /** Between the literal and the end of the command line. */
    private record Pending(MailStore.AppendResult result, long mailboxId, CommandFailure failure) {}

    void message(ImapSession s, ReaderEvent.MessageLiteral literal) throws IOException {
        ImapRequest.Append a = literal.append();
        CommandFailure failure = null;
        MailboxAccess.Target target = null;
        if (!s.state().allows(a)) {
            failure = CommandFailure.bad("APPEND is not allowed in the " + s.state().describe() + " state");
        } else {
            try {
                target = CopyHandler.target(s, a.mailbox());
            } catch (CommandFailure f) {
                failure = f;
            } catch (MailStoreException e) {
                failure = storeRefusal(e);
            }
        }
        if (failure != null && literal.synchronizing()) {
            s.reader().messageRefused();
            if (failure.bad()) s.out().status(a.tag(), Status.BAD, null, failure.getMessage());
            else s.out().status(a.tag(), Status.NO, failure.code(), failure.getMessage());
            return;
        }
        if (literal.synchronizing()) {
            s.out().continuation("Ready for literal data");
            s.out().flush();
        }
        InputStream content = s.literal(a.size());
        MailStore.AppendResult result = null;
        if (failure == null) {
            try {
                result = s.context().store().append(target.mailbox().id(), content, flags(s, target, a.flags()),
                        a.internalDate() != null ? a.internalDate() : s.context().clock().instant(), MailStore.Source.IMAP_APPEND,
                        s.context().limits().maxMessageBytes());
            } catch (MailStoreException e) {
                failure = storeRefusal(e);
            } catch (RuntimeException e) {
                LogKind.ERROR.log("IMAP: APPEND failed for {}: {}", s.remoteAddress().getHostAddress(), e.toString(), e);
                failure = CommandFailure.no("SERVERBUG", "internal server error");
            }
        }
        s.drain(content);
        s.reader().messageConsumed();
        s.pendingAppend(new Pending(result, target == null ? 0 : target.mailbox().id(), failure));
    }

    /** The command line ended well: answer with APPENDUID, after any updates of the selected mailbox. */
    void handle(ImapSession s, ImapRequest.Append r) throws IOException {
        Pending p = (Pending) s.pendingAppend();
        s.pendingAppend(null);
        if (p == null) throw CommandFailure.bad("APPEND without its message");
        if (p.failure() != null) throw p.failure();
        s.ok(r, "APPENDUID " + p.result().uidValidity() + " " + p.result().uid(), "APPEND completed");
    }

    /** The command turned out malformed after the message was stored: take the message out again. */
    void abandon(ImapSession s) {
        Pending p = (Pending) s.pendingAppend();
        s.pendingAppend(null);
        if (p != null && p.result() != null) s.context().store().expunge(p.mailboxId(), List.of(p.result().uid()));
    }

    /** RFC 4314 §4: flags the user may not set on the target are dropped, not refused. */
    private static Set<String> flags(ImapSession s, MailboxAccess.Target target, Set<String> requested) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : requested) {
            if (f.equals("\\Recent")) continue;
            boolean allowed = f.equalsIgnoreCase("\\Seen") ? target.has('s') : f.equalsIgnoreCase("\\Deleted") ? target.has('t') : target.has('w');
            if (allowed) out.add(f);
        }
        return out;
    }

    static CommandFailure storeRefusal(MailStoreException e) {
        return switch (e) {
            case MailStoreException.NotFound n -> CommandFailure.no("TRYCREATE", e.getMessage());
            case MailStoreException.QuotaExceeded q -> CommandFailure.no("OVERQUOTA", e.getMessage());
            case MailStoreException.TooLarge t -> CommandFailure.no("TOOBIG", e.getMessage());
            case MailStoreException.Invalid i -> CommandFailure.no("CANNOT", e.getMessage());
            default -> CommandFailure.no("UNAVAILABLE", e.getMessage());
        };
    }
}
