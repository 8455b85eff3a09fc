package org.switchboard.smtp.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.switchboard.smtp.sieve.MailRule.Action;
import org.switchboard.smtp.sieve.MailRule.Condition;
import org.switchboard.smtp.sieve.MailRule.Field;
import org.switchboard.smtp.sieve.MailRule.Kind;
import org.switchboard.smtp.sieve.MailRule.Operator;

/** The guide's rules (mail-outlook-support §6) compiled to Sieve and run against messages. */
class RuleCompilerTest {
    private static final String PLAIN = """
            From: Mallory <mallory@spam.com>
            To: me@example.com
            Subject: Cheap watches

            buy
            """;
    private static final String ATTACHED = """
            From: alice@example.org
            To: me@example.com
            Subject: the report
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            attached
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="r.pdf"

            JVBERi0=
            --b--
            """;
    private static final String SPAM = """
            From: bob@example.org
            To: me@example.com
            X-Spam-Flag: YES
            X-Spam-Status: Yes, score=9.1
            Subject: hi

            x
            """;

    private static MailRule rule(String name, List<Condition> when, Action... then) {
        return new MailRule(name, true, true, when, List.of(then));
    }

    private static Condition cond(Field f, Operator op, String value) { return new Condition(f, op, value); }

    private static Action act(Kind kind, String value, String text) { return new Action(kind, value, text); }

    private static String run(MailRules rules, String message) {
        return SieveTranscript.run(RuleCompiler.compile(rules), message, "sender@example.org");
    }

    private static MailRules rules(MailRule... rules) { return new MailRules(List.of(rules), null); }

    @Test
    void guideWorkedExample_fromContainsDomain_discarded() {
        MailRules r = rules(rule("Drop all messages from the spam.com domain", List.of(cond(Field.FROM, Operator.CONTAINS, "spam.com")),
                act(Kind.DISCARD, null, null)));
        assertThat(run(r, PLAIN)).isEqualTo("discard");
        assertThat(run(r, SPAM)).isEqualTo("keep");
    }

    @Test
    void conditions_attachmentSpamSizeSubjectAndNegation() {
        MailRules r = rules(
                rule("attachments", List.of(new Condition(Field.HAS_ATTACHMENT, null, null)), act(Kind.MOVE, "Attachments", null)),
                rule("spam", List.of(new Condition(Field.IS_SPAM, null, null)), act(Kind.MOVE, "Spam", null)),
                rule("big", List.of(cond(Field.SIZE_OVER, null, "1 KB")), act(Kind.MOVE, "Big", null)),
                rule("not for me", List.of(cond(Field.TO_OR_CC, Operator.NOT_CONTAINS, "me@example.com")), act(Kind.MOVE, "Others", null)),
                rule("watches", List.of(cond(Field.SUBJECT, Operator.MATCHES, "cheap *")), act(Kind.MOVE, "Ads", null)));
        assertThat(run(r, ATTACHED)).isEqualTo("fileinto Attachments");
        assertThat(run(r, SPAM)).isEqualTo("fileinto Spam");
        assertThat(run(r, PLAIN)).isEqualTo("fileinto Ads");
        assertThat(run(r, PLAIN.replace("buy", "x".repeat(2000)))).isEqualTo("fileinto Big\nfileinto Ads");
        assertThat(run(r, PLAIN.replace("To: me@", "To: you@"))).isEqualTo("fileinto Others\nfileinto Ads");
    }

    @Test
    void andOr_combineConditions() {
        List<Condition> both = List.of(cond(Field.FROM, Operator.CONTAINS, "spam.com"), cond(Field.SUBJECT, Operator.IS, "nothing"));
        assertThat(run(rules(new MailRule("and", true, true, both, List.of(act(Kind.DISCARD, null, null)))), PLAIN)).isEqualTo("keep");
        assertThat(run(rules(new MailRule("or", true, false, both, List.of(act(Kind.DISCARD, null, null)))), PLAIN)).isEqualTo("discard");
    }

    @Test
    void forward_aloneNoLocalCopy_withKeepACopy() {
        List<Condition> all = List.of(new Condition(Field.ALL_MESSAGES, null, null));
        assertThat(run(rules(rule("fwd", all, act(Kind.FORWARD, "x@example.net", null))), PLAIN)).isEqualTo("redirect x@example.net");
        assertThat(run(rules(rule("fwd", all, act(Kind.FORWARD, "x@example.net", null), act(Kind.KEEP, null, null))), PLAIN))
                .isEqualTo("redirect x@example.net\nkeep");
    }

    @Test
    void stop_laterRulesNotTested_disabledRulesSkipped() {
        List<Condition> all = List.of(new Condition(Field.ALL_MESSAGES, null, null));
        MailRules r = new MailRules(List.of(
                new MailRule("off", false, true, all, List.of(act(Kind.MOVE, "Off", null))),
                rule("first", all, act(Kind.MOVE, "First", null), act(Kind.STOP, null, null)),
                rule("second", all, act(Kind.MOVE, "Second", null))), null);
        assertThat(run(r, PLAIN)).isEqualTo("fileinto First");
    }

    @Test
    void notify_placeholdersBecomeTheSenderAndSubject() {
        MailRules r = rules(rule("tell", List.of(new Condition(Field.ALL_MESSAGES, null, null)),
                act(Kind.NOTIFY, "phone@sms.example.net", "Mail from $from$ about $SUBJECT$ (cost ${1})")));
        assertThat(run(r, PLAIN)).isEqualTo("notify mailto:phone@sms.example.net Mail from Mallory <mallory@spam.com> about Cheap watches (cost ${1})\nkeep");
    }

    @Test
    void placeholders_displayNameRecipientsDateAndDecodedText_inNotifyAndAutoreply() {
        String mail = """
                From: "Mallory Q. Sender" <mallory@spam.com>
                To: me@example.com, you@example.com
                Date: Sun, 22 Nov 2026 06:00:00 +0000
                Subject: Cheap watches
                MIME-Version: 1.0
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe! %s
                """.formatted("x".repeat(600));
        MailRules r = rules(rule("tell", List.of(new Condition(Field.ALL_MESSAGES, null, null)),
                act(Kind.NOTIFY, "phone@sms.example.net", "$from-name$ wrote to $to$ on $date$"),
                act(Kind.AUTOREPLY, null, "Dear $From-Name$, about \"$subject$\": $text$|")));
        String out = run(r, mail);
        assertThat(out).startsWith("notify mailto:phone@sms.example.net Mallory Q. Sender wrote to me@example.com, you@example.com on Sun, 22 Nov 2026 06:00:00 +0000\n")
                .contains("vacation 7 null Dear Mallory Q. Sender, about \"Cheap watches\": Grüße! " + "x".repeat(493) + "|\nkeep");
        assertThat(run(r, PLAIN.replace("Mallory <mallory@spam.com>", "mallory@spam.com"))).as("no display name: the address")
                .startsWith("notify mailto:phone@sms.example.net mallory@spam.com wrote to me@example.com on \n");
        assertThat(RuleCompiler.compile(r)).contains("require [\"enotify\", \"variables\", \"vacation\", \"regex\", \"body\"]");
    }

    @Test
    void autoreply_oncePerMessage_outOfOfficeBeatsIt() {
        List<Condition> all = List.of(new Condition(Field.ALL_MESSAGES, null, null));
        MailRules two = rules(rule("a", all, act(Kind.AUTOREPLY, null, "first")), rule("b", all, act(Kind.AUTOREPLY, null, "second")));
        assertThat(run(two, PLAIN)).isEqualTo("vacation 7 null first\nkeep");
        MailRules away = new MailRules(two.rules(), new MailRules.OutOfOffice(true, "Away", "Back on Monday."));
        assertThat(run(away, PLAIN)).isEqualTo("vacation 7 Away Back on Monday.\nkeep");
    }

    @Test
    void outOfOffice_noReplyToWhatARuleRejects() {
        MailRules r = new MailRules(List.of(rule("no spam.com", List.of(cond(Field.FROM, Operator.CONTAINS, "spam.com")),
                act(Kind.REJECT, null, "Go away"))), new MailRules.OutOfOffice(true, null, "Away."));
        assertThat(run(r, PLAIN)).isEqualTo("reject Go away");
        assertThat(run(r, SPAM)).isEqualTo("vacation 7 null Away.\nkeep");
    }

    @Test
    void roundTrip_rulesReadBackFromTheScript() {
        MailRules r = new MailRules(List.of(rule("q\"uote\\ and\nnewline", List.of(cond(Field.SUBJECT, Operator.IS, "a \"b\"")),
                act(Kind.MOVE, "Folder \"x\"", null))), new MailRules.OutOfOffice(true, "S", "line1\nline2"));
        String script = RuleCompiler.compile(r);
        assertThat(RuleCompiler.read(script)).contains(r);
        assertThat(RuleCompiler.read("keep;")).isEmpty();
        assertThat(SieveTranscript.run(script, "Subject: a \"b\"\n\nx", "s@example.org")).startsWith("vacation 7 S line1\nline2\nfileinto Folder \"x\"");
    }

    @Test
    void validate_guideConstraints() {
        List<Condition> all = List.of(new Condition(Field.ALL_MESSAGES, null, null));
        assertThatThrownBy(() -> RuleCompiler.compile(rules(rule("r", all, act(Kind.KEEP, null, null), act(Kind.DISCARD, null, null)))))
                .hasMessage("rule \"r\": KEEP and DISCARD cannot be combined");
        assertThatThrownBy(() -> RuleCompiler.compile(rules(rule("r", all, act(Kind.KEEP, null, null)))))
                .hasMessageContaining("KEEP needs another action");
        assertThatThrownBy(() -> RuleCompiler.compile(rules(rule("r", all, act(Kind.STOP, null, null)), rule("R", all, act(Kind.STOP, null, null)))))
                .hasMessageContaining("another rule has this name");
        assertThatThrownBy(() -> RuleCompiler.compile(rules(rule("r", List.of(cond(Field.SIZE_OVER, null, "big")), act(Kind.STOP, null, null)))))
                .hasMessageContaining("SIZE_OVER needs a size");
        assertThatThrownBy(() -> RuleCompiler.compile(rules(rule("r", all, act(Kind.FORWARD, "nobody", null)))))
                .hasMessageContaining("FORWARD needs an address");
        assertThatThrownBy(() -> RuleCompiler.compile(rules(rule("r", List.of(), act(Kind.STOP, null, null)))))
                .hasMessageContaining("at least one condition");
        assertThatThrownBy(() -> RuleCompiler.compile(new MailRules(List.of(), new MailRules.OutOfOffice(true, null, " "))))
                .hasMessageContaining("out of office: give the reply text");
        assertThat(RuleCompiler.bytes("2 MB", "")).isEqualTo(2L << 20);
        assertThat(RuleCompiler.bytes("500", "")).isEqualTo(500);
    }
}
