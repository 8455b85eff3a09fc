package org.switchboard.smtp.sieve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionFileInto;
import org.apache.jsieve.mail.ActionKeep;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.ActionReject;
import org.apache.jsieve.mail.optional.ActionVacation;
import org.switchboard.core.log.LogKind;

/**
 * Runs an account's Sieve script against a message at final delivery (architecture: "local:
 * Sieve rules → store append"). Supported: keep, discard, fileinto, redirect, reject, stop,
 * the address/header/envelope/size/exists/body tests and vacation (RFC 5230, via
 * {@link VacationResponder}). Any error means implicit keep (RFC 5228 §2.10.6) and a Mail log
 * line. Thread-safe.
 */
public final class UserRules {
    private final SieveScripts scripts;
    private final VacationResponder vacation;

    public UserRules(SieveScripts scripts, VacationResponder vacation) {
        this.scripts = scripts;
        this.vacation = vacation;
    }

    public SieveScripts scripts() { return scripts; }

    public RuleOutcome run(String account, String userAddress, String envelopeFrom, Path message) {
        Optional<String> script = scripts.active(account);
        if (script.isEmpty()) return RuleOutcome.KEEP;
        MessageAdapter mail;
        ParsedMessage parsed;
        try {
            parsed = ParsedMessage.read(message);
            mail = new MessageAdapter(parsed, envelopeFrom, userAddress);
            scripts.factory().evaluate(mail, scripts.parse(script.get()));
        } catch (IOException | SieveException | RuntimeException e) {
            LogKind.MAIL.log("Sieve rules of {} failed ({}); message kept in INBOX", userAddress, e.getMessage());
            return RuleOutcome.KEEP;
        }
        boolean keep = false;
        List<String> folders = new ArrayList<>();
        List<String> redirects = new ArrayList<>();
        String reject = null;
        for (Action a : mail.getActions()) {
            switch (a) {
                case ActionKeep k -> keep = true;
                case ActionFileInto f -> folders.add(f.getDestination());
                case ActionRedirect r -> redirects.add(r.getAddress());
                case ActionReject r -> reject = r.getMessage();
                case ActionVacation v -> vacation.respond(account, userAddress, envelopeFrom, parsed, v);
                default -> LogKind.debug("sieve", "ignored action {} for {}", a, userAddress);
            }
        }
        return new RuleOutcome(keep, folders, redirects, reject);
    }
}
