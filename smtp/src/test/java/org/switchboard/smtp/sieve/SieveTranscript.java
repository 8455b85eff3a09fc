package org.switchboard.smtp.sieve;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs a script against a message (LF line ends become CRLF) and writes the actions one per line; or reports why it does not validate. */
final class SieveTranscript {
    private SieveTranscript() {}

    static String run(String script, String message, String envelopeFrom) {
        byte[] raw = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        List<SieveAction> actions = SieveInterpreter.run(SieveValidator.compile(script), ParsedMessage.parse(raw),
                envelopeFrom, "me@example.com");
        return actions.stream().map(SieveTranscript::describe).collect(Collectors.joining("\n"));
    }

    /** The validator's message for {@code script}, or "no error". */
    static String error(String script) {
        try {
            SieveValidator.compile(script);
        } catch (SieveError e) {
            return e.getMessage();
        }
        return "no error";
    }

    private static String describe(SieveAction a) {
        return switch (a) {
            case SieveAction.Keep k -> "keep" + flags(k.flags());
            case SieveAction.FileInto f -> "fileinto " + f.folder() + flags(f.flags()) + (f.copy() ? " :copy" : "");
            case SieveAction.Redirect r -> "redirect " + r.address() + (r.copy() ? " :copy" : "");
            case SieveAction.Reject r -> (r.extended() ? "ereject " : "reject ") + r.reason();
            case SieveAction.Discard d -> "discard";
            case SieveAction.Vacation v -> "vacation " + v.days() + " " + v.subject() + " " + v.reason();
            case SieveAction.Notify n -> "notify " + n.method() + " " + n.message();
        };
    }

    private static String flags(Set<String> flags) {
        return flags.isEmpty() ? "" : " " + flags.stream().sorted().toList();
    }
}
