package org.switchboard.smtp.sieve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.switchboard.core.log.LogKind;

/**
 * Runs an account's active Sieve script against a message at final delivery (architecture:
 * "local: Sieve rules → store append") and turns the actions into a {@link RuleOutcome}:
 * duplicate filings into one folder become one with the flags merged (RFC 5228 §2.10.3), keep
 * files into INBOX, vacation goes to {@link VacationResponder} and notify to
 * {@link Notifications}. Any error means implicit keep (§2.10.6) and a Mail log line. Thread-safe.
 */
public final class UserRules {
    private final SieveScripts scripts;
    private final VacationResponder vacation;
    private final Notifications notifications;

    public UserRules(SieveScripts scripts, VacationResponder vacation) {
        this.scripts = scripts;
        this.vacation = vacation;
        this.notifications = vacation.notifications();
    }

    public SieveScripts scripts() { return scripts; }

    /** The account's rules for incoming messages, read back from its generated script; none when there is none. */
    public MailRules rules(String account) throws IOException {
        Optional<String> script = scripts.get(account, SieveScripts.DEFAULT_NAME);
        return script.flatMap(RuleCompiler::read).orElse(MailRules.NONE);
    }

    /**
     * Compiles the rules to Sieve, stores the script as {@link SieveScripts#DEFAULT_NAME} and makes it active.
     *
     * @throws IllegalArgumentException the rules do not validate
     */
    public String setRules(String account, MailRules rules) throws IOException {
        String script = RuleCompiler.compile(rules);
        scripts.put(account, script);
        return script;
    }

    public RuleOutcome run(String account, String userAddress, String envelopeFrom, Path message) {
        Optional<String> script = scripts.active(account);
        if (script.isEmpty()) return RuleOutcome.KEEP;
        ParsedMessage parsed;
        List<SieveAction> actions;
        try {
            parsed = ParsedMessage.read(message);
            actions = SieveInterpreter.run(SieveValidator.compile(script.get()), parsed, envelopeFrom, userAddress);
        } catch (IOException | RuntimeException e) {
            LogKind.MAIL.log("Sieve rules of {} failed ({}); message kept in INBOX", userAddress, e.getMessage());
            return RuleOutcome.KEEP;
        }
        Map<String, Set<String>> filings = new LinkedHashMap<>();
        List<String> redirects = new ArrayList<>();
        String reject = null;
        for (SieveAction a : actions) {
            switch (a) {
                case SieveAction.Keep k -> filings.computeIfAbsent(RuleOutcome.INBOX, f -> new LinkedHashSet<>()).addAll(k.flags());
                case SieveAction.FileInto f -> {
                    String folder = f.folder().equalsIgnoreCase(RuleOutcome.INBOX) ? RuleOutcome.INBOX : f.folder();
                    filings.computeIfAbsent(folder, x -> new LinkedHashSet<>()).addAll(f.flags());
                }
                case SieveAction.Redirect r -> redirects.add(r.address());
                case SieveAction.Reject r -> reject = r.reason();
                case SieveAction.Vacation v -> vacation.respond(account, userAddress, envelopeFrom, parsed, v);
                case SieveAction.Notify n -> notifications.send(userAddress, parsed, n);
                case SieveAction.Discard d -> LogKind.debug("sieve", "{} discarded by the rules of {}", message.getFileName(), userAddress);
            }
        }
        List<RuleOutcome.Filing> out = new ArrayList<>();
        filings.forEach((folder, flags) -> out.add(new RuleOutcome.Filing(folder, flags)));
        return new RuleOutcome(out, redirects, reject == null || !reject.isEmpty() ? reject : "rejected");
    }
}
