package org.switchboard.imap.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.switchboard.core.log.LogKind;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ReaderEvent;
import org.switchboard.store.mail.MailStoreException;

/**
 * The one switch from a parsed command to its handler, and the one place refusals become responses:
 * {@link CommandFailure} and store refusals become tagged NO with RFC 5530 codes, anything unexpected
 * is logged and answered NO [SERVERBUG] — never a stack trace to the peer. Stateless and shared by all
 * sessions; the session has already checked that the command is allowed in its state.
 */
public final class Commands {
    private final CapabilityHandler capability = new CapabilityHandler();
    private final NoopHandler noop = new NoopHandler();
    private final LogoutHandler logout = new LogoutHandler();
    private final StartTlsHandler startTls = new StartTlsHandler();
    private final AuthenticateHandler authenticate = new AuthenticateHandler();
    private final LoginHandler login = new LoginHandler();
    private final EnableHandler enable = new EnableHandler();
    private final IdHandler id = new IdHandler();
    private final NamespaceHandler namespace = new NamespaceHandler();
    private final SelectHandler select = new SelectHandler();
    private final CreateHandler create = new CreateHandler();
    private final DeleteHandler delete = new DeleteHandler();
    private final RenameHandler rename = new RenameHandler();
    private final SubscribeHandler subscribe = new SubscribeHandler();
    private final UnsubscribeHandler unsubscribe = new UnsubscribeHandler();
    private final ListHandler list = new ListHandler();
    private final LsubHandler lsub = new LsubHandler();
    private final StatusHandler status = new StatusHandler();
    private final AppendHandler append = new AppendHandler();
    private final IdleHandler idle = new IdleHandler();
    private final CheckHandler check = new CheckHandler();
    private final CloseHandler close = new CloseHandler();
    private final UnselectHandler unselect = new UnselectHandler();
    private final ExpungeHandler expunge = new ExpungeHandler();
    private final SearchHandler search = new SearchHandler();
    private final FetchHandler fetch = new FetchHandler();
    private final StoreHandler store = new StoreHandler();
    private final CopyHandler copy = new CopyHandler();
    private final MoveHandler move = new MoveHandler();
    private final SortHandler sort = new SortHandler();
    private final ThreadHandler thread = new ThreadHandler();
    private final GetQuotaHandler getQuota = new GetQuotaHandler();
    private final GetQuotaRootHandler getQuotaRoot = new GetQuotaRootHandler();
    private final SetQuotaHandler setQuota = new SetQuotaHandler();
    private final GetAclHandler getAcl = new GetAclHandler();
    private final SetAclHandler setAcl = new SetAclHandler();
    private final DeleteAclHandler deleteAcl = new DeleteAclHandler();
    private final ListRightsHandler listRights = new ListRightsHandler();
    private final MyRightsHandler myRights = new MyRightsHandler();
    private final CompressHandler compress = new CompressHandler();

    public void execute(ImapSession s, ImapRequest request) throws IOException {
        try {
            switch (request) {
                case ImapRequest.Capability r -> capability.handle(s, r);
                case ImapRequest.Noop r -> noop.handle(s, r);
                case ImapRequest.Logout r -> logout.handle(s, r);
                case ImapRequest.StartTls r -> startTls.handle(s, r);
                case ImapRequest.Authenticate r -> authenticate.handle(s, r);
                case ImapRequest.Login r -> login.handle(s, r);
                case ImapRequest.Enable r -> enable.handle(s, r);
                case ImapRequest.Id r -> id.handle(s, r);
                case ImapRequest.Namespace r -> namespace.handle(s, r);
                case ImapRequest.Select r -> select.handle(s, r);
                case ImapRequest.Create r -> create.handle(s, r);
                case ImapRequest.Delete r -> delete.handle(s, r);
                case ImapRequest.Rename r -> rename.handle(s, r);
                case ImapRequest.Subscribe r -> subscribe.handle(s, r);
                case ImapRequest.Unsubscribe r -> unsubscribe.handle(s, r);
                case ImapRequest.ListMailboxes r -> list.handle(s, r);
                case ImapRequest.Lsub r -> lsub.handle(s, r);
                case ImapRequest.Status r -> status.handle(s, r);
                case ImapRequest.Append r -> append.handle(s, r);
                case ImapRequest.Idle r -> idle.handle(s, r);
                case ImapRequest.Check r -> check.handle(s, r);
                case ImapRequest.Close r -> close.handle(s, r);
                case ImapRequest.Unselect r -> unselect.handle(s, r);
                case ImapRequest.Expunge r -> expunge.handle(s, r);
                case ImapRequest.Search r -> search.handle(s, r);
                case ImapRequest.Fetch r -> fetch.handle(s, r);
                case ImapRequest.Store r -> store.handle(s, r);
                case ImapRequest.Copy r -> copy.handle(s, r);
                case ImapRequest.Move r -> move.handle(s, r);
                case ImapRequest.Sort r -> sort.handle(s, r);
                case ImapRequest.ThreadMessages r -> thread.handle(s, r);
                case ImapRequest.GetQuota r -> getQuota.handle(s, r);
                case ImapRequest.GetQuotaRoot r -> getQuotaRoot.handle(s, r);
                case ImapRequest.SetQuota r -> setQuota.handle(s, r);
                case ImapRequest.GetAcl r -> getAcl.handle(s, r);
                case ImapRequest.SetAcl r -> setAcl.handle(s, r);
                case ImapRequest.DeleteAcl r -> deleteAcl.handle(s, r);
                case ImapRequest.ListRights r -> listRights.handle(s, r);
                case ImapRequest.MyRights r -> myRights.handle(s, r);
                case ImapRequest.Compress r -> compress.handle(s, r);
            }
        } catch (CommandFailure f) {
            if (f.bad()) s.bad(request, f.getMessage());
            else s.no(request, f.code(), f.getMessage());
        } catch (MailStoreException e) {
            refused(s, request, e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            LogKind.ERROR.log("IMAP: {} failed for {}: {}", request.command(), s.remoteAddress().getHostAddress(), e.toString(), e);
            s.no(request, "SERVERBUG", "internal server error");
        }
    }

    /** An APPEND message literal is next in the input (see {@link AppendHandler}). */
    public void message(ImapSession s, ReaderEvent.MessageLiteral literal) throws IOException {
        append.message(s, literal);
    }

    /** The APPEND whose message was stored turned out malformed after its literal: undo the append. */
    public void abandonAppend(ImapSession s) {
        append.abandon(s);
    }

    /** RFC 5530 response codes for the store's refusals. */
    static void refused(ImapSession s, ImapRequest request, MailStoreException e) throws IOException {
        String code = switch (e) {
            case MailStoreException.NotFound n -> "NONEXISTENT";
            case MailStoreException.Exists x -> "ALREADYEXISTS";
            case MailStoreException.QuotaExceeded q -> "OVERQUOTA";
            case MailStoreException.TooLarge t -> "TOOBIG";
            case MailStoreException.Invalid i -> "CANNOT";
            default -> "UNAVAILABLE";
        };
        s.no(request, code, e.getMessage());
    }
}
