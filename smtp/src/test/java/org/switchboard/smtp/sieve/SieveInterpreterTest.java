package org.switchboard.smtp.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Sieve engine as transcripts: a script (most from the RFCs' own examples), a message, and
 * the actions it yields, one per line.
 */
class SieveInterpreterTest {
    private static final String MAIL = """
            From: Coyote <coyote@desert.example.org>
            To: me@example.com
            Sender: owner-ietf-mta-filters@imc.org
            List-ID: SIEVE <sieve@ietf.org>
            Subject: [acme-users] [fwd] version 1.0 is out
            Message-ID: <m1@desert.example.org>

            I have a proposal: make money fast.
            """;

    private static String run(String script, String message) {
        return run(script, message, "coyote@desert.example.org");
    }

    private static String run(String script, String message, String envelopeFrom) {
        return SieveTranscript.run(script, message, envelopeFrom);
    }

    @Test
    void rfc5228Section9Example_firstMatchingBranch_fileintoFilter() {
        String script = """
                require ["fileinto"];
                if header :is "Sender" "owner-ietf-mta-filters@imc.org"
                        {
                            fileinto "filter";  # move to "filter" mailbox
                        }
                #
                # Keep all messages to or from people in my company
                #
                elsif address :DOMAIN :is ["From", "To"] "example.com"
                        {
                            keep;               # keep in "In" mailbox
                        }
                /* Try and catch unsolicited email. */
                elsif anyof (NOT address :all :contains
                               ["To", "Cc", "Bcc"] "me@example.com",
                             header :matches "subject"
                               ["*make*money*fast*", "*university*dipl*mas*"])
                        {
                            fileinto "spam";   # move to "spam" mailbox
                        }
                else
                        {
                            fileinto "personal";
                        }
                """;
        assertThat(run(script, MAIL)).isEqualTo("fileinto filter");
        assertThat(run(script, MAIL.replace("Sender: owner", "Sender: other"))).isEqualTo("keep");
        assertThat(run(script, MAIL.replace("Sender: owner", "Sender: other").replace("To: me@example.com", "To: you@else.test")))
                .isEqualTo("fileinto spam");
        assertThat(run(script, MAIL.replace("Sender: owner", "Sender: other").replace("example.com", "example.net")
                .replace("To: me@example.net", "To: me@example.com"))).isEqualTo("keep");
    }

    @Test
    void noActions_implicitKeep() {
        assertThat(run("if false { discard; }", MAIL)).isEqualTo("keep");
        assertThat(run("discard;", MAIL)).isEqualTo("discard");
    }

    @Test
    void stop_endsTheScriptKeepingWhatWasDone() {
        assertThat(run("require \"fileinto\"; fileinto \"A\"; stop; fileinto \"B\";", MAIL)).isEqualTo("fileinto A");
    }

    @Test
    void copy_rfc3894_redirectAndFileintoKeepTheImplicitKeep() {
        assertThat(run("require [\"copy\", \"fileinto\"]; redirect :copy \"archive@example.com\"; fileinto :copy \"Sent\";", MAIL))
                .isEqualTo("redirect archive@example.com :copy\nfileinto Sent :copy\nkeep");
        assertThat(run("redirect \"archive@example.com\";", MAIL)).isEqualTo("redirect archive@example.com");
        assertThatThrownBy(() -> run("redirect :copy \"a@example.com\";", MAIL)).hasMessageContaining("require \"copy\"");
    }

    @Test
    void redirect_sameAddressTwice_onceAndLimited() {
        assertThat(run("redirect \"a@example.com\"; redirect \"A@example.com\";", MAIL)).isEqualTo("redirect a@example.com");
        assertThatThrownBy(() -> run("redirect \"a@x.test\"; redirect \"b@x.test\"; redirect \"c@x.test\"; redirect \"d@x.test\"; redirect \"e@x.test\";", MAIL))
                .hasMessageContaining("more than 4 redirects");
    }

    @Test
    void imap4flags_rfc5232Example_flagsOnFileintoAndImplicitKeep() {
        String script = """
                require ["imap4flags", "fileinto"];
                if header :contains "from" "coyote@desert.example.org" {
                    setflag "\\\\Flagged";
                    fileinto "INBOX.From Boss";
                }
                if header :contains "subject" "version" {
                    addflag ["$Work", "\\\\seen $work"];
                    keep;
                }
                if hasflag :contains "flag" { fileinto "Flagged"; }
                removeflag "\\\\Flagged";
                fileinto :flags "\\\\Answered" "Done";
                """;
        assertThat(run(script, MAIL)).isEqualTo("""
                fileinto INBOX.From Boss [\\Flagged]
                keep [$Work, \\Flagged, \\Seen]
                fileinto Flagged [$Work, \\Flagged, \\Seen]
                fileinto Done [\\Answered]""");
    }

    @Test
    void imap4flags_variableTargetAndImplicitKeepCarriesInternalFlags() {
        String script = """
                require ["imap4flags", "variables", "fileinto", "copy"];
                setflag "mine" "\\\\Flagged";
                addflag "mine" "Urgent";
                if hasflag :is "mine" "urgent" { fileinto :copy :flags "${mine}" "Boss"; }
                addflag "\\\\Seen";
                """;
        assertThat(run(script, MAIL)).isEqualTo("fileinto Boss [Urgent, \\Flagged] :copy\nkeep [\\Seen]");
    }

    @Test
    void imap4flags_invalidFlagsAreNotStored() {
        assertThat(run("require \"imap4flags\"; addflag [\"\\\\Recent\", \"bad(flag\", \"ok\"];", MAIL)).isEqualTo("keep [ok]");
    }

    @Test
    void variables_rfc5229MatchVariables_listAndSubject() {
        String script = """
                require ["fileinto", "variables"];
                if header :matches "List-ID" "*<*@*" {
                    fileinto "INBOX.lists.${2}"; stop;
                }
                """;
        assertThat(run(script, MAIL)).isEqualTo("fileinto INBOX.lists.sieve");
        String subject = """
                require ["fileinto", "variables"];
                if header :matches "Subject" "[*] *" {
                    fileinto "${1}/${2}";
                }
                """;
        assertThat(run(subject, MAIL)).isEqualTo("fileinto acme-users/[fwd] version 1.0 is out");
    }

    @Test
    void variables_rfc5229SetModifiersAndMultiLineText() {
        String script = """
                require ["variables", "vacation"];
                set "honorific" "Mr";
                set "last_name" "Coyote";
                set :upper "shout" "juMBlEd lETteRS";
                set :lowerfirst :upper "camel" "sMALL";
                set :length "n" "${shout}";
                set :quotewildcard "q" "Rock*?";
                vacation :subject "${shout} ${n} ${camel} ${q} ${unset}" text:
                Dear ${HONORIFIC} ${last_name},
                I'm out, please leave a message after the meep.
                ..dot stuffed
                .
                ;
                """;
        assertThat(run(script, MAIL)).isEqualTo("""
                vacation 7 JUMBLED LETTERS 15 sMALL Rock\\*\\?  \
                Dear Mr Coyote,\r
                I'm out, please leave a message after the meep.\r
                .dot stuffed\r

                keep""");
    }

    @Test
    void variables_stringTestAndQuotewildcardMatchLiterally() {
        String script = """
                require ["variables", "fileinto"];
                set "a" "x*y";
                set :quotewildcard "p" "${a}";
                if string :matches "x*y" "${p}" { fileinto "literal"; }
                if string :matches "xay" "${p}" { fileinto "wrong"; }
                if string :is "${unknown}" "" { fileinto "empty"; }
                """;
        assertThat(run(script, MAIL)).isEqualTo("fileinto literal\nfileinto empty");
    }

    @Test
    void variables_withoutRequire_textStaysLiteral() {
        assertThat(run("require \"fileinto\"; fileinto \"${1}\";", MAIL)).isEqualTo("fileinto ${1}");
    }

    @Test
    void comparators_casemapByDefault_octetWhenAsked() {
        assertThat(run("if header :is \"subject\" \"[ACME-USERS] [FWD] VERSION 1.0 IS OUT\" { discard; }", MAIL)).isEqualTo("discard");
        assertThat(run("if header :comparator \"i;octet\" :contains \"subject\" \"ACME\" { discard; }", MAIL)).isEqualTo("keep");
        assertThat(run("if header :comparator \"i;octet\" :matches \"subject\" \"?acme*\" { discard; }", MAIL)).isEqualTo("discard");
    }

    @Test
    void addressAndEnvelopeParts() {
        String script = """
                require ["envelope", "fileinto"];
                if address :localpart :is "from" "coyote" { fileinto "local"; }
                if envelope :domain :is "from" "desert.example.org" { fileinto "env"; }
                if envelope :all :is "to" "ME@example.com" { fileinto "to"; }
                if exists ["list-id", "sender"] { fileinto "both"; }
                if exists ["list-id", "x-none"] { fileinto "never"; }
                """;
        assertThat(run(script, MAIL)).isEqualTo("fileinto local\nfileinto env\nfileinto to\nfileinto both");
        assertThat(run("require \"envelope\"; if envelope :is \"from\" \"\" { discard; }", MAIL, "")).isEqualTo("discard");
    }

    @Test
    void sizeAndBody() {
        assertThat(run("if size :under 1K { discard; }", MAIL)).isEqualTo("discard");
        assertThat(run("if size :over 1M { discard; }", MAIL)).isEqualTo("keep");
        assertThat(run("require \"body\"; if body :text :contains \"MAKE MONEY\" { discard; }", MAIL)).isEqualTo("discard");
        assertThat(run("require \"body\"; if body :raw :contains \"nothing\" { discard; }", MAIL)).isEqualTo("keep");
    }

    @Test
    void mimeAnychild_findsAnAttachmentPart() {
        String multipart = """
                From: a@example.org
                Subject: report
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain

                see attached
                --b1
                Content-Type: application/pdf
                Content-Disposition: attachment; filename="r.pdf"

                JVBERi0=
                --b1--
                """;
        String script = "require [\"mime\", \"fileinto\"]; if header :mime :anychild :contains \"Content-Disposition\" \"attachment\" { fileinto \"Attachments\"; }";
        assertThat(run(script, multipart)).isEqualTo("fileinto Attachments");
        assertThat(run(script, MAIL)).isEqualTo("keep");
    }

    @Test
    void rejectAndEreject_rfc5429() {
        assertThat(run("require \"reject\"; if header :contains \"subject\" \"version\" { reject \"not wanted\"; }", MAIL)).isEqualTo("reject not wanted");
        assertThat(run("require \"ereject\"; ereject \"no\";", MAIL)).isEqualTo("ereject no");
        assertThatThrownBy(() -> run("require \"reject\"; reject \"no\"; keep;", MAIL)).hasMessageContaining("cannot be combined");
    }

    @Test
    void vacation_rfc5230Example_oneReasonPerBranch() {
        String script = """
                require "vacation";
                if header :contains "subject" "cyrus" {
                    vacation "I'm out -- send mail to cyrus-bugs";
                } else {
                    vacation :days 3 "I'm out -- call me at +1 304 555 0123";
                }
                """;
        assertThat(run(script, MAIL)).isEqualTo("vacation 3 null I'm out -- call me at +1 304 555 0123\nkeep");
        assertThatThrownBy(() -> run("require \"vacation\"; vacation \"a\"; vacation \"b\";", MAIL)).hasMessageContaining("more than one vacation");
    }

    @Test
    void enotify_rfc5435MailtoWithVariables() {
        String script = """
                require ["enotify", "variables"];
                if header :matches "from" "*" { set "from" "${1}"; }
                if header :matches "subject" "*" { set "subject" "${1}"; }
                if valid_notify_method "mailto:alert@example.com" {
                    notify :importance "1" :message "${from}: ${subject}" "mailto:alert@example.com";
                }
                if notify_method_capability "mailto:alert@example.com" "online" "maybe" { discard; }
                """;
        assertThat(run(script, MAIL)).isEqualTo("""
                notify mailto:alert@example.com Coyote <coyote@desert.example.org>: [acme-users] [fwd] version 1.0 is out
                discard""");
        assertThatThrownBy(() -> run("require \"enotify\"; notify \"xmpp:a@example.com\";", MAIL)).hasMessageContaining("notification method");
    }

    @Test
    void notifyUri_mailtoParsing() {
        assertThat(Notifications.parse("mailto:a@example.com,b@example.com?subject=Hi%20there")).isEqualTo(
                new Notifications.Mailto(List.of("a@example.com", "b@example.com"), "Hi there"));
        assertThat(Notifications.parse("mailto:")).isNull();
        assertThat(Notifications.parse("mailto:not-an-address")).isNull();
    }

    @Test
    void validator_reportsTheLineOfEachProblem() {
        assertThat(error("require [\"fileinto\"];\n\nfileinto;")).isEqualTo("line 3: fileinto takes 1 positional argument, not 0");
        assertThat(error("require \"editheader\";")).isEqualTo("line 1: unsupported extension \"editheader\"");
        assertThat(error("\nfileinto \"x\";")).isEqualTo("line 2: fileinto needs require \"fileinto\"");
        assertThat(error("keep;\nelse { keep; }")).isEqualTo("line 2: else without a preceding if");
        assertThat(error("if header :is :contains \"a\" \"b\" { }")).isEqualTo("line 1: :is and :contains cannot be combined");
        assertThat(error("if header :comparator \"i;unicode\" \"a\" \"b\" { }")).isEqualTo("line 1: unknown comparator \"i;unicode\"");
        assertThat(error("if size 10 { }")).isEqualTo("line 1: size needs :over or :under");
        assertThat(error("keep;\nrequire \"fileinto\";")).isEqualTo("line 2: require must come before other commands");
        assertThat(error("frobnicate;")).isEqualTo("line 1: unknown command \"frobnicate\"");
        assertThat(error("if frob { }")).isEqualTo("line 1: unknown test \"frob\"");
        assertThat(error("if true { keep; }\n\nfileinto \"x")).isEqualTo("line 3: unterminated string");
        assertThat(error("if true {\n keep;\n")).isEqualTo("line 3: missing \"}\" at the end of the script");
        assertThat(error("keep")).isEqualTo("line 1: missing \";\" after keep");
        assertThat(error("require \"variables\"; set \"a-b\" \"x\";")).isEqualTo("line 1: invalid variable name \"a-b\"");
        assertThat(error("if true keep;")).isEqualTo("line 1: true takes no test");
        assertThat(error("if true;")).isEqualTo("line 1: if needs a block");
        assertThat(error("keep :flags \"x\";")).isEqualTo("line 1: keep needs require \"imap4flags\"");
        assertThat(error("require \"imap4flags\";\nsetflag \"v\" \"x\";")).isEqualTo("line 2: setflag with a variable needs require \"variables\"");
    }

    @Test
    void parser_limitsNestingAndLength() {
        assertThat(error("if true { ".repeat(40) + "}".repeat(40))).contains("nesting deeper than 32");
        assertThat(error("if " + "not ".repeat(40) + "true { }")).contains("nesting deeper than 32");
        assertThat(error("#" + "x".repeat(SieveParser.MAX_CHARS))).contains("longer than");
        assertThat(error("if header :contains \"a\" [" + "\"x\",".repeat(SieveParser.MAX_LIST + 1) + "\"y\"] { }")).contains("string list longer");
    }

    @Test
    void scriptsCheck_prefixesSyntaxErrors() {
        assertThatThrownBy(() -> new SieveScripts(java.nio.file.Files.createTempDirectory("sieve")).check("keep"))
                .isInstanceOf(SieveError.class).hasMessage("Sieve syntax error at line 1: missing \";\" after keep");
    }

    private static String error(String script) {
        return SieveTranscript.error(script);
    }
}
