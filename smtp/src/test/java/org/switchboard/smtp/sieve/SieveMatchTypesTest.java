package org.switchboard.smtp.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.switchboard.core.log.LogKind;
import org.switchboard.smtp.LogCapture;

/**
 * Relational match types (RFC 5231) with the i;ascii-numeric comparator (RFC 4790 §9.1), and
 * :regex (draft-ietf-sieve-regex-01), as transcripts built from the documents' examples.
 */
class SieveMatchTypesTest {
    /** RFC 5231 §6's message. */
    private static final String RFC5231 = """
            Received: from a.example.com by b.example.com
            Received: from c.example.com by a.example.com
            Subject: example
            To: foo@example.com, baz@example.com
            CC: qux@example.com
            From: Zed <zed@example.com>

            body
            """;
    private static final String MAIL = """
            From: Stephan+sieve@it.aol.com
            To: me@example.com
            List-ID: SIEVE <sieve@ietf.org>
            Subject: [acme-users] [fwd] version 1.0 is out

            text
            """;
    private static final String RELATIONAL = "require [\"relational\", \"comparator-i;ascii-numeric\", \"fileinto\", \"envelope\", \"variables\"];\n";

    private static String run(String script, String message) {
        return SieveTranscript.run(script, message, "sender@example.org");
    }

    private static boolean holds(String test, String message) {
        return run(RELATIONAL + "require \"regex\"; if " + test + " { discard; }", message).equals("discard");
    }

    @Test
    void rfc5231Section6_countOfAddressesAndHeaderFields() {
        assertThat(holds("address :count \"ge\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] [\"3\"]", RFC5231)).isTrue();
        assertThat(holds("anyof (address :count \"ge\" :comparator \"i;ascii-numeric\" [\"to\"] [\"3\"], "
                + "address :count \"ge\" :comparator \"i;ascii-numeric\" [\"cc\"] [\"3\"])", RFC5231)).isFalse();
        assertThat(holds("header :count \"ge\" :comparator \"i;ascii-numeric\" [\"received\"] [\"3\"]", RFC5231)).isFalse();
        assertThat(holds("header :count \"ge\" :comparator \"i;ascii-numeric\" [\"received\", \"subject\"] [\"3\"]", RFC5231)).isTrue();
        assertThat(holds("header :count \"ge\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] [\"3\"]", RFC5231)).isFalse();
    }

    @Test
    void rfc5231Section7_extendedExample_priorityCrowdAndAlphabet() {
        String script = """
                require ["relational", "comparator-i;ascii-numeric", "fileinto"];
                if header :value "lt" :comparator "i;ascii-numeric" ["x-priority"] ["3"] {
                   fileinto "Priority";
                } elsif address :count "gt" :comparator "i;ascii-numeric" ["to"] ["5"] {
                   fileinto "SPAM";
                } elsif address :value "gt" :all :comparator "i;ascii-casemap" ["from"] ["M"] {
                   fileinto "From N-Z";
                } else {
                   fileinto "From A-M";
                }
                if allof (address :count "eq" :comparator "i;ascii-numeric" ["to", "cc"] ["1"],
                          address :all :comparator "i;ascii-casemap" ["to", "cc"] ["me@foo.example.com"]) {
                   fileinto "Only me";
                }
                """;
        assertThat(run(script, "X-Priority: 1 (Highest)\n" + RFC5231)).isEqualTo("fileinto Priority");
        assertThat(run(script, "X-Priority: 5\n" + RFC5231)).isEqualTo("fileinto From N-Z");
        assertThat(run(script, RFC5231.replace("To: foo@example.com", "To: a@x.test, b@x.test, c@x.test, d@x.test, e@x.test, foo@example.com")))
                .isEqualTo("fileinto SPAM");
        assertThat(run(script, "From: adam@example.com\nTo: me@foo.example.com\n\nx")).isEqualTo("fileinto From A-M\nfileinto Only me");
    }

    @Test
    void asciiNumeric_leadingDigitsAndInfinity() {
        assertThat(holds("string :value \"eq\" :comparator \"i;ascii-numeric\" \"0012 apples\" \"12\"", MAIL)).isTrue();
        assertThat(holds("string :value \"gt\" :comparator \"i;ascii-numeric\" \"10\" \"9\"", MAIL)).isTrue();
        assertThat(holds("string :value \"gt\" \"10\" \"9\"", MAIL)).as("casemap orders as text").isFalse();
        assertThat(holds("string :value \"gt\" :comparator \"i;ascii-numeric\" \"none\" \"99999999999999999999999\"", MAIL)).isTrue();
        assertThat(holds("string :is :comparator \"i;ascii-numeric\" \"abc\" \"xyz\"", MAIL)).as("both infinite").isTrue();
        assertThat(holds("string :value \"ne\" :comparator \"i;ascii-numeric\" \"7\" [\"7\", \"07\"]", MAIL)).isFalse();
        assertThat(holds("string :value \"le\" :comparator \"i;octet\" \"B\" \"a\"", MAIL)).isTrue();
    }

    @Test
    void countOnStringsAndEnvelope() {
        assertThat(holds("string :count \"eq\" :comparator \"i;ascii-numeric\" [\"a\", \"\", \"b\"] \"2\"", MAIL)).isTrue();
        assertThat(holds("envelope :count \"eq\" :comparator \"i;ascii-numeric\" \"from\" \"1\"", MAIL)).isTrue();
        assertThat(holds("envelope :value \"lt\" :domain \"from\" \"f\"", MAIL)).isTrue();
        assertThat(holds("header :count \"lt\" :comparator \"i;ascii-numeric\" \"x-missing\" \"1\"", MAIL)).isTrue();
    }

    @Test
    void relational_validatorRefusesBadRelationsAndComparators() {
        assertThat(error("require \"relational\";\nif header :count \"bigger\" \"to\" \"1\" { }"))
                .isEqualTo("line 2: :count needs one of gt, ge, lt, le, eq, ne, not \"bigger\"");
        assertThat(error("if header :value \"gt\" \"to\" \"1\" { }")).isEqualTo("line 1: header needs require \"relational\"");
        assertThat(error("if header :comparator \"i;ascii-numeric\" :is \"x\" \"1\" { }"))
                .isEqualTo("line 1: comparator i;ascii-numeric needs require \"comparator-i;ascii-numeric\"");
        assertThat(error("require \"comparator-i;ascii-numeric\";\nif header :comparator \"i;ascii-numeric\" :contains \"x\" \"1\" { }"))
                .isEqualTo("line 2: comparator i;ascii-numeric cannot be used with :contains");
        assertThat(error("require \"relational\"; if header :count :is \"to\" \"1\" { }")).contains(":count needs a value");
    }

    @Test
    void regexDraftExample_addressAlternatives() {
        String script = """
                require "regex";
                if address :regex :comparator "i;ascii-casemap" "from" [
                    "stephan(\\\\+.*)?@it\\\\.aol\\\\.com",
                    "stephan(\\\\+.*)?@aoltw\\\\.net"
                ] { discard; }
                """;
        assertThat(run(script, MAIL)).isEqualTo("discard");
        assertThat(run(script, MAIL.replace("it.aol.com", "it-aol.com"))).isEqualTo("keep");
        assertThat(run(script.replace("i;ascii-casemap", "i;octet"), MAIL)).as("i;octet is case-sensitive").isEqualTo("keep");
    }

    @Test
    void regex_groupsAreMatchVariables_searchIsUnanchored() {
        String script = """
                require ["regex", "variables", "fileinto"];
                if header :regex "List-ID" "<([a-z]+)@" { fileinto "lists.${1}"; }
                if header :regex "Subject" "\\\\[([^]]*)\\\\] \\\\[fwd\\\\] (.*)" { fileinto "${1}/${2}"; }
                if header :regex "Subject" "[0-9]+\\\\.[0-9]+" { fileinto "v${0}"; }
                if header :regex "Subject" "^version" { fileinto "never"; }
                """;
        assertThat(run(script, MAIL)).isEqualTo("fileinto lists.sieve\nfileinto acme-users/version 1.0 is out\nfileinto v1.0");
    }

    @Test
    void regex_catastrophicBacktracking_testIsFalseAndLogged() {
        String script = "require [\"regex\", \"fileinto\"];\nif header :regex \"subject\" \"(.*a){20}c\" { fileinto \"never\"; }\n"
                + "if header :contains \"subject\" \"aaa\" { fileinto \"after\"; }";
        try (LogCapture mail = new LogCapture(LogKind.MAIL)) {
            long start = System.nanoTime();
            assertThat(run(script, "Subject: " + "a".repeat(64) + "\n\nx")).isEqualTo("fileinto after");
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            assertThat(mail.has("Sieve :regex test at line 2 gave up")).isTrue();
        }
    }

    @Test
    void regex_validatorRefusesInvalidAndOverlongPatternsWithTheLine() {
        assertThat(error("require \"regex\";\n\nif header :regex \"subject\" \"(a\" { }"))
                .startsWith("line 3: invalid regular expression \"(a\": Unclosed group");
        assertThat(error("require \"regex\";\nif header :regex \"subject\" \"" + "a".repeat(SieveRegex.MAX_PATTERN + 1) + "\" { }"))
                .isEqualTo("line 2: regular expression longer than 1024 characters");
        assertThat(error("if header :regex \"subject\" \"a\" { }")).isEqualTo("line 1: header needs require \"regex\"");
        assertThat(error("require [\"regex\", \"comparator-i;ascii-numeric\"]; if header :regex :comparator \"i;ascii-numeric\" \"s\" \"1\" { }"))
                .isEqualTo("line 1: comparator i;ascii-numeric cannot be used with :regex");
        assertThat(error("require [\"regex\", \"variables\"]; if header :regex \"subject\" \"${x}(\" { }")).isEqualTo("no error");
        assertThatThrownBy(() -> run("require [\"regex\", \"variables\"]; set \"x\" \"(\"; if header :regex \"subject\" \"${x}\" { discard; }", MAIL))
                .isInstanceOf(SieveError.class).hasMessageContaining("invalid regular expression");
    }

    private static String error(String script) {
        return SieveTranscript.error(script);
    }
}
