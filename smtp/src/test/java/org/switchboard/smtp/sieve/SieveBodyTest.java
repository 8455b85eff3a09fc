package org.switchboard.smtp.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The body test (RFC 5173) as transcripts: :raw, :text and :content over MIME structures modelled on the RFC's examples. */
class SieveBodyTest {
    /** RFC 5173 §7's shape: nested multiparts with prologues and epilogues, and an attached message. */
    private static final String NESTED = """
            From: Jutta <jutta@example.com>
            To: Sieve-Fans <sieve-fans@example.com>
            Subject: Sieve "body" extension
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            This is a multi-part message in MIME format.

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            This is a nested multi-part message in MIME format.

            --inner
            Content-Type: text/plain; charset="us-ascii"

            Hello

            --inner
            Content-Type: text/html; charset="us-ascii"

            <html><body><p>Hello &amp; <b>welcome</b></p></body></html>

            --inner--

            This is the end of the inner MIME multipart.

            --outer
            Content-Type: message/rfc822

            From: Tim <tim@example.com>
            To: Jutta <jutta@example.com>
            Subject: Sieve "body" extension draft

            Please look at the draft.
            --outer--

            This is the end of the outer MIME multipart.
            """;

    private static String run(String script, String message) {
        return SieveTranscript.run(script, message, "jutta@example.com");
    }

    private static String ifBody(String test) {
        return "require [\"body\", \"fileinto\"]; if body " + test + " { fileinto \"hit\"; }";
    }

    @Test
    void rfc5173Example_secretsAndJukebox_byContentType() {
        String script = """
                require ["body", "fileinto"];
                if body :content "text" :contains ["missile", "coordinates"] {
                        fileinto "secrets";
                }
                if body :content "audio/mp3" :contains "" {
                        fileinto "jukebox";
                }
                """;
        String mp3 = """
                From: a@example.com
                Subject: tunes
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                %s
                --b
                Content-Type: audio/mp3
                Content-Transfer-Encoding: base64

                SUQzAwAAAAAA
                --b--
                """.formatted(Base64.getEncoder().encodeToString("The missile is ready.".getBytes(StandardCharsets.UTF_8)));
        assertThat(run(script, mp3)).isEqualTo("fileinto secrets\nfileinto jukebox");
        assertThat(run(script, mp3.replace("audio/mp3", "audio/ogg"))).isEqualTo("fileinto secrets");
        assertThat(run(script, "From: a@example.com\nSubject: calm\n\nNothing to see.\n")).isEqualTo("keep");
    }

    @Test
    void text_decodesTransferEncodingAndCharset_rawDoesNot() {
        String latin = """
                From: a@example.com
                Subject: greetings
                MIME-Version: 1.0
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Sch=F6ne Gr=FC=DFe aus K=F6ln
                """;
        assertThat(run(ifBody(":text :contains \"Grüße aus Köln\""), latin)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":contains \"Grüße\""), latin)).as(":text is the default").isEqualTo("fileinto hit");
        assertThat(run(ifBody(":raw :contains \"Grüße\""), latin)).isEqualTo("keep");
        assertThat(run(ifBody(":raw :contains \"Gr=FC=DFe\""), latin)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":text :contains \"Gr=FC\""), latin)).isEqualTo("keep");
    }

    @Test
    void text_htmlPartsSearchedWithoutTags_contentKeepsThem() {
        assertThat(run(ifBody(":text :contains \"Hello & welcome\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":text :contains \"<b>\""), NESTED)).isEqualTo("keep");
        assertThat(run(ifBody(":content \"text/html\" :contains \"<b>welcome</b>\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"text/plain\" :contains \"welcome\""), NESTED)).isEqualTo("keep");
    }

    @Test
    void content_multipartMatchedByPrologueAndEpilogueOnly() {
        assertThat(run(ifBody(":content \"multipart\" :contains \"nested multi-part message\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"multipart/alternative\" :contains \"end of the inner\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"multipart/mixed\" :contains \"end of the inner\""), NESTED)).isEqualTo("keep");
        assertThat(run(ifBody(":content \"multipart/mixed\" :contains \"end of the outer\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"multipart\" :contains \"Hello\""), NESTED)).as("nested parts only when their own type matches")
                .isEqualTo("keep");
        assertThat(run(ifBody(":content \"text\" :contains \"multi-part message\""), NESTED)).isEqualTo("keep");
        assertThat(run(ifBody(":text :contains \"multi-part message\""), NESTED)).isEqualTo("keep");
    }

    @Test
    void content_messageRfc822MatchedByTheEnclosedHeader_itsBodyByItsOwnType() {
        assertThat(run(ifBody(":content \"message/rfc822\" :contains \"From: Tim <tim@example.com>\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"message\" :contains \"draft\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"message/rfc822\" :contains \"Please look\""), NESTED)).isEqualTo("keep");
        assertThat(run(ifBody(":content \"text/plain\" :contains \"Please look\""), NESTED)).isEqualTo("fileinto hit");
        assertThat(run(ifBody(":content \"\" :contains \"end of the outer\""), NESTED)).as("\"\" is every type").isEqualTo("fileinto hit");
    }

    @Test
    void content_typesWithStraySlashes_matchNothing() {
        for (String type : new String[] {"/plain", "text/", "text/plain/x", "/"}) {
            assertThat(run(ifBody(":content \"" + type + "\" :contains \"\""), NESTED)).as(type).isEqualTo("keep");
        }
        assertThat(run(ifBody(":content [\"audio\", \"TEXT/PLAIN\"] :matches \"Hello*\""), NESTED)).isEqualTo("fileinto hit");
    }

    @Test
    void bodyParts_decodingStopsAtTheBudget() throws Exception {
        byte[] raw = ("Subject: long\r\n\r\n" + "x".repeat(100) + "needle").getBytes(StandardCharsets.US_ASCII);
        assertThat(BodyParts.read(new ByteArrayInputStream(raw), 50).text()).containsExactly("x".repeat(50));
        assertThat(BodyParts.read(new ByteArrayInputStream(raw), 1000).text().getFirst()).endsWith("needle");
    }

    @Test
    void htmlText_dropsScriptsCommentsAndTags() {
        assertThat(HtmlText.strip("<style>p{}</style><p>a&lt;b &#233;&#x41;</p><!-- hidden --><SCRIPT>x()</script>c&bogus;"))
                .isEqualTo("\na<b éA\nc&bogus;");
    }
}
