package org.switchboard.imap;

import org.switchboard.core.auth.Principal;
import org.switchboard.imap.codec.ImapRequest;

/**
 * The connection states of RFC 9051 §3. Which commands each state accepts is decided here, once, so
 * handlers can rely on it: a Selected handler always finds a mailbox, an Authenticated one a user.
 */
public sealed interface ImapState {
    record NotAuthenticated() implements ImapState {}

    record Authenticated(Principal principal) implements ImapState {}

    record Selected(Principal principal, SelectedMailbox mailbox) implements ImapState {}

    record Logout() implements ImapState {}

    /** RFC 9051 §6: commands valid in any state, not authenticated, authenticated (and selected), selected. */
    default boolean allows(ImapRequest request) {
        return switch (request) {
            case ImapRequest.Capability c -> true;
            case ImapRequest.Noop n -> true;
            case ImapRequest.Logout l -> true;
            case ImapRequest.Id i -> true;
            case ImapRequest.StartTls s -> this instanceof NotAuthenticated;
            case ImapRequest.Authenticate a -> this instanceof NotAuthenticated;
            case ImapRequest.Login l -> this instanceof NotAuthenticated;
            // RFC 5161 §3.1: ENABLE only in the authenticated state.
            case ImapRequest.Enable e -> this instanceof Authenticated;
            case ImapRequest.Check c -> this instanceof Selected;
            case ImapRequest.Close c -> this instanceof Selected;
            case ImapRequest.Unselect u -> this instanceof Selected;
            case ImapRequest.Expunge e -> this instanceof Selected;
            case ImapRequest.Search s -> this instanceof Selected;
            case ImapRequest.Fetch f -> this instanceof Selected;
            case ImapRequest.Store s -> this instanceof Selected;
            case ImapRequest.Copy c -> this instanceof Selected;
            case ImapRequest.Move m -> this instanceof Selected;
            case ImapRequest.Sort s -> this instanceof Selected;
            case ImapRequest.ThreadMessages t -> this instanceof Selected;
            default -> this instanceof Authenticated || this instanceof Selected;
        };
    }

    default String describe() {
        return switch (this) {
            case NotAuthenticated n -> "not authenticated";
            case Authenticated a -> "authenticated";
            case Selected s -> "selected";
            case Logout l -> "logout";
        };
    }
}
