package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.switchboard.smtp.sieve.MailRule;
import org.switchboard.smtp.sieve.MailRules;
import org.switchboard.smtp.sieve.RulePhrases;
import org.switchboard.web.api.RuleRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin rules ...}: a user's rules for incoming messages, out-of-office and raw Sieve
 * (REST: /api/v1/users/{address}/rules, /out-of-office, /sieve). Conditions and actions are
 * written as short phrases: {@code --if "from contains spam.com" --then discard}.
 */
@Command(name = "rules", description = "A user's rules for incoming messages (e.g. rules add bob@example.com --name Spam "
        + "--if 'from contains spam.com' --then discard).")
final class RulesCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConnectionOptions options;

    RulesCommand(ConnectionOptions options) { this.options = options; }

    @Command(name = "list", description = "Show a user's rules, top-down, and the out-of-office state.")
    int list(@Parameters(index = "0", paramLabel = "ADDRESS") String address) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            JsonNode answer = api.get(path(address, "rules"));
            MailRules rules = parse(answer);
            out.show(answer, x -> {
                List<List<String>> rows = new ArrayList<>();
                int n = 1;
                for (MailRule rule : rules.rules()) {
                    rows.add(List.of(String.valueOf(n++), rule.name(), rule.enabled() ? "yes" : "no",
                            String.join(rule.matchAll() ? " and " : " or ", rule.conditions().stream().map(RulePhrases::describe).toList()),
                            String.join("; ", rule.actions().stream().map(RulePhrases::describe).toList())));
                }
                out.table(List.of("#", "NAME", "ENABLED", "IF", "THEN"), rows, "No rules.");
                MailRules.OutOfOffice ooo = rules.outOfOffice();
                out.line("Out of office: " + (ooo.enabled() ? "on: " + ooo.text() : "off"));
            });
        }
        return 0;
    }

    @Command(name = "add", description = "Add a rule at the end (or --first).")
    int add(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Option(names = "--name", required = true, paramLabel = "NAME") String name,
            @Option(names = "--if", required = true, paramLabel = "CONDITION",
                    description = "FIELD [OPERATOR VALUE]: fields " + RulePhrases.FIELDS + "; operators " + RulePhrases.OPERATORS
                            + "; size-over takes a size (2MB).") List<String> conditions,
            @Option(names = "--then", required = true, paramLabel = "ACTION",
                    description = RulePhrases.ACTIONS + "; notification and autoreply texts may use $from$, $from-name$, $to$, $subject$, $date$ and $text$.") List<String> actions,
            @Option(names = "--any", description = "Any condition suffices (default: all must hold).") boolean any,
            @Option(names = "--disabled", description = "Store the rule switched off.") boolean disabled,
            @Option(names = "--first", description = "Put the rule first.") boolean first) {
        MailRule rule = new MailRule(name, !disabled, !any, conditions.stream().map(RulesCommand::condition).toList(),
                actions.stream().map(RulesCommand::action).toList());
        try (AdminSession api = options.open()) {
            MailRules current = read(api, address);
            List<MailRule> all = new ArrayList<>(current.rules());
            if (first) all.addFirst(rule);
            else all.add(rule);
            JsonNode saved = api.put(path(address, "rules"), new MailRules(all, current.outOfOffice()));
            Output out = options.output();
            out.show(saved, x -> out.line("Rule \"" + name + "\" added for " + address + " (" + all.size() + " rule(s))."));
        }
        return 0;
    }

    @Command(name = "remove", description = "Remove a rule by name.")
    int remove(@Parameters(index = "0", paramLabel = "ADDRESS") String address, @Parameters(index = "1", paramLabel = "NAME") String name) {
        try (AdminSession api = options.open()) {
            MailRules current = read(api, address);
            List<MailRule> kept = current.rules().stream().filter(r -> !r.name().equalsIgnoreCase(name)).toList();
            if (kept.size() == current.rules().size()) throw new CliFailure(CliFailure.NOT_FOUND, "no rule \"" + name + "\" for " + address);
            JsonNode saved = api.put(path(address, "rules"), new MailRules(kept, current.outOfOffice()));
            Output out = options.output();
            out.show(saved, x -> out.line("Rule \"" + name + "\" removed for " + address + "."));
        }
        return 0;
    }

    @Command(name = "out-of-office", description = "Turn the out-of-office reply on (with --text) or off.")
    int outOfOffice(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
                    @Option(names = "--on", description = "Reply once per sender per 7 days.") boolean on,
                    @Option(names = "--off") boolean off,
                    @Option(names = "--text", paramLabel = "TEXT") String text,
                    @Option(names = "--subject", paramLabel = "TEXT") String subject) {
        if (on == off) throw CliFailure.usage("give --on or --off");
        try (AdminSession api = options.open()) {
            MailRules.OutOfOffice current = read(api, address).outOfOffice();
            MailRules.OutOfOffice next = new MailRules.OutOfOffice(on, subject != null ? subject : current.subject(),
                    text != null ? text : current.text());
            JsonNode saved = api.put(path(address, "out-of-office"), next);
            Output out = options.output();
            out.show(saved, x -> out.line("Out of office for " + address + " is " + (on ? "on" : "off") + "."));
        }
        return 0;
    }

    @Command(name = "sieve", description = "Print the user's active Sieve script, or replace the rules with --file.")
    int sieve(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
              @Option(names = "--file", paramLabel = "PATH", description = "A Sieve script (RFC 5228) to store and activate.") Path file) {
        try (AdminSession api = options.open()) {
            Output out = options.output();
            if (file == null) {
                out.show(api.get(path(address, "sieve")), v -> out.line(v.path("script").asText()));
                return 0;
            }
            String script;
            try {
                script = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
            }
            JsonNode saved = api.put(path(address, "sieve"), new RuleRoutes.SieveText(script));
            out.show(saved, x -> out.line("Sieve script of " + address + " stored and active."));
        }
        return 0;
    }

    private static MailRules read(AdminSession api, String address) {
        return parse(api.get(path(address, "rules")));
    }

    private static MailRules parse(JsonNode answer) {
        try {
            return JSON.treeToValue(answer, MailRules.class);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.GENERAL, "the server's rules could not be read: " + e.getMessage());
        }
    }

    private static String path(String address, String what) {
        return "/api/v1/users/" + AdminSession.seg(address) + "/" + what;
    }

    private static MailRule.Condition condition(String phrase) {
        try {
            return RulePhrases.condition(phrase);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private static MailRule.Action action(String phrase) {
        try {
            return RulePhrases.action(phrase);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }
}
