package org.switchboard.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.switchboard.imap.codec.FetchItem.BodySection;
import org.switchboard.imap.codec.FetchItem.Partial;
import org.switchboard.imap.codec.ImapRequest.*;
import org.switchboard.imap.codec.SearchKey.TextField;

/** Every command form, mostly the examples of RFC 9051 §6 and of the extension RFCs, parsed into records. */
class CommandParseTest {

    private static ImapRequest parse(String line) {
        return ReaderDriver.run(line + "\r\n").request();
    }

    private static List<String> events(String input) {
        return ReaderDriver.run(input).events();
    }

    @Test
    void simpleCommands_rfc9051Examples_parsed() {
        assertThat(parse("abcd CAPABILITY")).isEqualTo(new Capability("abcd"));
        assertThat(parse("a002 NOOP")).isEqualTo(new Noop("a002"));
        assertThat(parse("A023 LOGOUT")).isEqualTo(new Logout("A023"));
        assertThat(parse("a001 STARTTLS")).isEqualTo(new StartTls("a001"));
        assertThat(parse("A001 NAMESPACE")).isEqualTo(new Namespace("A001"));
        assertThat(parse("A002 IDLE")).isEqualTo(new Idle("A002"));
        assertThat(parse("FXXZ CHECK")).isEqualTo(new Check("FXXZ"));
        assertThat(parse("A341 CLOSE")).isEqualTo(new Close("A341"));
        assertThat(parse("A342 UNSELECT")).isEqualTo(new Unselect("A342"));
        assertThat(parse("A202 EXPUNGE")).isEqualTo(new Expunge("A202", null));
        assertThat(parse("a1 noop")).isEqualTo(new Noop("a1"));
    }

    @Test
    void login_atomsQuotedAndLiteral_parsed() {
        assertThat(parse("a001 LOGIN SMITH SESAME")).isEqualTo(new Login("a001", "SMITH", "SESAME"));
        assertThat(parse("a001 LOGIN \"fred foobar\" \"pass\\\"w\\\\rd\"")).isEqualTo(new Login("a001", "fred foobar", "pass\"w\\rd"));
        assertThat(events("A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n"))
                .containsExactly("+", "+", new Login("A001", "FRED FOOBAR", "fat man").toString());
        assertThat(events("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n"))
                .containsExactly(new Login("A001", "FRED FOOBAR", "fat man").toString());
        assertThat(parse("a1 LOGIN user@example.com p]ss")).isEqualTo(new Login("a1", "user@example.com", "p]ss"));
    }

    @Test
    void authenticate_withAndWithoutInitialResponse_parsed() {
        assertThat(parse("a001 AUTHENTICATE GSSAPI")).isEqualTo(new Authenticate("a001", "GSSAPI", null));
        assertThat(parse("a01 AUTHENTICATE PLAIN AGZyZWQAdGVzdA==")).isEqualTo(new Authenticate("a01", "PLAIN", "AGZyZWQAdGVzdA=="));
        assertThat(parse("a01 authenticate plain =")).isEqualTo(new Authenticate("a01", "PLAIN", ""));
        assertThat(events("a01 AUTHENTICATE PLAIN ab$c\r\n")).containsExactly("a01 BAD invalid base64");
    }

    @Test
    void enableIdNamespace_parsed() {
        assertThat(parse("t2 ENABLE CONDSTORE qresync")).isEqualTo(new Enable("t2", List.of("CONDSTORE", "QRESYNC")));
        assertThat(parse("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" NIL)"))
                .isEqualTo(new Id("a023", mapOf("name", "sodr", "version", "19.34", "vendor", null)));
        assertThat(parse("a023 ID NIL")).isEqualTo(new Id("a023", Map.of()));
        assertThat(events("t ENABLE\r\n")).containsExactly("t BAD missing argument");
    }

    @Test
    void select_condstoreAndQresync_parsed() {
        assertThat(parse("A142 SELECT INBOX")).isEqualTo(new Select("A142", "INBOX", false, false, null));
        assertThat(parse("A142 select inbox")).isEqualTo(new Select("A142", "INBOX", false, false, null));
        assertThat(parse("A932 EXAMINE blurdybloop")).isEqualTo(new Select("A932", "blurdybloop", true, false, null));
        assertThat(parse("a SELECT INBOX (CONDSTORE)")).isEqualTo(new Select("a", "INBOX", false, true, null));
        // RFC 7162 §3.2.5.2 example.
        assertThat(parse("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))"))
                .isEqualTo(new Select("A02", "INBOX", false, false, new Qresync(67890007, 20050715194045000L,
                        SequenceSet.parse("41,43:211,214:541", false), null, null)));
        assertThat(parse("B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))"))
                .isEqualTo(new Select("B04", "INBOX", false, false, new Qresync(67890007, 90060115194045000L,
                        SequenceSet.parse("1:29997", false), SequenceSet.parse("5000,7500,9000,9990:9999", false),
                        SequenceSet.parse("15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997", false))));
        assertThat(parse("a SELECT x (QRESYNC (1 2))")).isEqualTo(new Select("a", "x", false, false, new Qresync(1, 2, null, null, null)));
        assertThat(events("a SELECT x (FOO)\r\n")).containsExactly("a BAD unknown SELECT parameter FOO");
    }

    @Test
    void select_sequenceMatchOfUnequalLength_bad() {
        // RFC 7162 §3.2.5.2: message numbers and UIDs pair up one to one.
        assertThat(events("a SELECT x (QRESYNC (1 2 1:9 (1:3 1,5)))\r\n"))
                .containsExactly("a BAD QRESYNC sequence match data: 3 message numbers but 2 UIDs");
        assertThat(parse("a SELECT x (QRESYNC (1 2 (1,2:3 4:5,9)))")).isEqualTo(new Select("a", "x", false, false,
                new Qresync(1, 2, null, SequenceSet.parse("1,2:3", false), SequenceSet.parse("4:5,9", false))));
        assertThat(((Select) parse("a SELECT x (QRESYNC (1 2 (1:* 4:5)))")).qresync().knownSequences().usesStar()).isTrue();
    }

    @Test
    void mailboxCommands_parsed() {
        assertThat(parse("A003 CREATE owatagusiam/")).isEqualTo(new Create("A003", "owatagusiam/", List.of()));
        assertThat(parse("t1 CREATE \"Important Messages\" (USE (\\Important))"))
                .isEqualTo(new Create("t1", "Important Messages", List.of("\\Important")));
        assertThat(parse("A683 DELETE blurdybloop")).isEqualTo(new Delete("A683", "blurdybloop"));
        assertThat(parse("A683 RENAME blurdybloop sarasoop")).isEqualTo(new Rename("A683", "blurdybloop", "sarasoop"));
        assertThat(parse("A002 SUBSCRIBE #news.comp.mail.mime")).isEqualTo(new Subscribe("A002", "#news.comp.mail.mime"));
        assertThat(parse("A002 UNSUBSCRIBE #news.comp.mail.mime")).isEqualTo(new Unsubscribe("A002", "#news.comp.mail.mime"));
        assertThat(parse("A042 STATUS blurdybloop (UIDNEXT MESSAGES)"))
                .isEqualTo(new Status("A042", "blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES)));
        assertThat(parse("a STATUS INBOX (SIZE DELETED HIGHESTMODSEQ APPENDLIMIT)"))
                .isEqualTo(new Status("a", "INBOX", List.of(StatusItem.SIZE, StatusItem.DELETED, StatusItem.HIGHESTMODSEQ, StatusItem.APPENDLIMIT)));
        assertThat(events("a STATUS INBOX ()\r\n")).containsExactly("a BAD STATUS needs at least one item");
    }

    @Test
    void list_basicAndExtended_parsed() {
        assertThat(parse("A101 LIST \"\" \"\"")).isEqualTo(list("A101", "", List.of(""), Set.of(), Set.of(), List.of()));
        assertThat(parse("A102 LIST #news.comp.mail.misc \"\"")).isEqualTo(list("A102", "#news.comp.mail.misc", List.of(""), Set.of(), Set.of(), List.of()));
        assertThat(parse("A202 LIST ~/Mail/ %")).isEqualTo(list("A202", "~/Mail/", List.of("%"), Set.of(), Set.of(), List.of()));
        assertThat(parse("a LIST \"\" *")).isEqualTo(list("a", "", List.of("*"), Set.of(), Set.of(), List.of()));
        // RFC 5258 §5 examples.
        assertThat(parse("A04 LIST (SUBSCRIBED) \"\" \"*\""))
                .isEqualTo(list("A04", "", List.of("*"), Set.of(ListSelect.SUBSCRIBED), Set.of(), List.of()));
        assertThat(parse("A03 LIST () \"\" % RETURN (CHILDREN)"))
                .isEqualTo(list("A03", "", List.of("%"), Set.of(), Set.of(ListReturn.CHILDREN), List.of()));
        assertThat(parse("A05 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (CHILDREN)"))
                .isEqualTo(list("A05", "", List.of("%"), Set.of(ListSelect.SUBSCRIBED, ListSelect.RECURSIVEMATCH), Set.of(ListReturn.CHILDREN), List.of()));
        assertThat(parse("A06 LIST \"\" (\"INBOX\" \"Drafts\" \"Sent/%\")"))
                .isEqualTo(list("A06", "", List.of("INBOX", "Drafts", "Sent/%"), Set.of(), Set.of(), List.of()));
        // RFC 6154 §5.1 and RFC 5819 §2 examples.
        assertThat(parse("t1 LIST (SPECIAL-USE) \"\" \"*\" RETURN (SPECIAL-USE)"))
                .isEqualTo(list("t1", "", List.of("*"), Set.of(ListSelect.SPECIAL_USE), Set.of(ListReturn.SPECIAL_USE), List.of()));
        assertThat(parse("A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))"))
                .isEqualTo(list("A01", "", List.of("%"), Set.of(), Set.of(ListReturn.STATUS), List.of(StatusItem.MESSAGES, StatusItem.UNSEEN)));
        assertThat(parse("A682 LSUB \"#news.\" \"comp.mail.*\"")).isEqualTo(new Lsub("A682", "#news.", "comp.mail.*"));
        assertThat(events("a LIST (RECURSIVEMATCH) \"\" %\r\n")).containsExactly("a BAD RECURSIVEMATCH needs another selection option");
    }

    @Test
    void mailboxNames_modifiedUtf7_decoded() {
        // RFC 3501 §5.1.3 example: "~peter/mail/台北/日本語".
        assertThat(parse("a SELECT ~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo(new Select("a", "~peter/mail/台北/日本語", false, false, null));
        assertThat(parse("a CREATE \"Tom &- Jerry\"")).isEqualTo(new Create("a", "Tom & Jerry", List.of()));
        assertThat(events("a SELECT &Jjo!\r\n")).containsExactly("a BAD mailbox name is not valid modified UTF-7");
        assertThat(parse("a SELECT Inbox/Sub")).isEqualTo(new Select("a", "INBOX/Sub", false, false, null));
    }

    @Test
    void mailboxNames_utf8Accepted_takenAsIs() {
        ReaderDriver d = new ReaderDriver();
        d.reader().utf8Names(true);
        d.feed("a SELECT \"台北/&Jjo-\"\r\n");
        assertThat(d.request()).isEqualTo(new Select("a", "台北/&Jjo-", false, false, null));
    }

    @Test
    void append_syncLiteral_streamedNotBuffered() {
        String message = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nSubject: afternoon meeting\r\n\r\nHello Joe\r\n";
        String input = "A003 APPEND saved-messages (\\Seen) {" + message.length() + "}\r\n" + message + "\r\n";
        Append expected = new Append("A003", "saved-messages", Set.of("\\Seen"), null, message.length(), false, false);
        assertThat(events(input)).containsExactly("+LITERAL " + expected, "MESSAGE " + message, expected.toString());
    }

    @Test
    void append_dateAndNonSyncLiteral_parsed() {
        Append expected = new Append("a", "INBOX", Set.of("\\Seen", "$Forwarded"),
                Instant.parse("1996-07-17T09:44:25Z"), 5, false, false);
        assertThat(events("a APPEND INBOX (\\Seen $Forwarded) \"17-Jul-1996 02:44:25 -0700\" {5+}\r\nhello\r\n"))
                .containsExactly("LITERAL " + expected, "MESSAGE hello", expected.toString());
        Append spaceDay = new Append("b", "INBOX", Set.of(), Instant.parse("1996-07-07T02:44:25Z"), 2, false, false);
        assertThat(events("b APPEND INBOX \" 7-Jul-1996 02:44:25 +0000\" {2+}\r\nhi\r\n"))
                .containsExactly("LITERAL " + spaceDay, "MESSAGE hi", spaceDay.toString());
    }

    @Test
    void append_mailboxAsLiteral_messageStillStreamed() {
        Append expected = new Append("a", "Sent", Set.of(), null, 3, false, false);
        assertThat(events("a APPEND {4+}\r\nSent {3}\r\nabc\r\n"))
                .containsExactly("+LITERAL " + expected, "MESSAGE abc", expected.toString());
    }

    @Test
    void append_literal8AndUtf8_parsed() {
        Append binary = new Append("a", "INBOX", Set.of(), null, 3, true, false);
        assertThat(events("a APPEND INBOX ~{3}\r\na\0b\r\n")).containsExactly("+LITERAL " + binary, "MESSAGE a\0b", binary.toString());
        Append utf8 = new Append("b", "INBOX", Set.of(), null, 4, true, true);
        assertThat(events("b APPEND INBOX UTF8 (~{4+}\r\nöö)\r\n")).containsExactly("LITERAL " + utf8, "MESSAGE " + new String("öö".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1), utf8.toString());
    }

    @Test
    void append_trailingGarbage_rejectedAfterMessage() {
        Append head = new Append("a", "INBOX", Set.of(), null, 2, false, false);
        assertThat(events("a APPEND INBOX {2+}\r\nhi junk\r\nb NOOP\r\n"))
                .containsExactly("LITERAL " + head, "MESSAGE hi", "a BAD unexpected data after the message literal", new Noop("b").toString());
    }

    @Test
    void append_overLimit_refusedWithTooBigAndConnectionUsable() {
        ImapLimits small = ImapLimits.DEFAULTS.withMaxMessageBytes(10);
        ReaderDriver d = ReaderDriver.run(small, "a APPEND INBOX {11}\r\nb NOOP\r\n".getBytes());
        assertThat(d.events()).containsExactly("a NO [TOOBIG] message too big (APPENDLIMIT 10)", new Noop("b").toString());
        // Non-synchronizing: the 11 bytes are on their way and are skipped.
        d = ReaderDriver.run(small, "a APPEND INBOX {11+}\r\n01234567890\r\nb NOOP\r\n".getBytes());
        assertThat(d.events()).containsExactly("a NO [TOOBIG] message too big (APPENDLIMIT 10)", new Noop("b").toString());
    }

    @Test
    void searchKeys_fullGrammar_parsed() {
        assertThat(parse("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"")).isEqualTo(new Search("A282", false, null, null,
                new SearchKey.And(List.of(new SearchKey.Flag("\\Flagged", true),
                        new SearchKey.Date(SearchKey.DateKind.INTERNAL, SearchKey.Comparison.SINCE, LocalDate.of(1994, 2, 1)),
                        new SearchKey.Not(new SearchKey.Text(TextField.FROM, "Smith"))))));
        assertThat(parse("A283 SEARCH TEXT \"string not in mailbox\""))
                .isEqualTo(new Search("A283", false, null, null, new SearchKey.Text(TextField.TEXT, "string not in mailbox")));
        assertThat(parse("A284 SEARCH CHARSET UTF-8 TEXT {12+}\r\nжелезн"))
                .isEqualTo(new Search("A284", false, null, "UTF-8", new SearchKey.Text(TextField.TEXT, "железн")));
        assertThat(parse("a UID SEARCH OR (SEEN UNANSWERED) (1:3,5 UID 7:*) HEADER X-Spam \"\" LARGER 100 SMALLER 2000 SENTBEFORE \"3-Mar-2003\" KEYWORD $Junk UNKEYWORD Work"))
                .isEqualTo(new Search("a", true, null, null, new SearchKey.And(List.of(
                        new SearchKey.Or(new SearchKey.And(List.of(new SearchKey.Flag("\\Seen", true), new SearchKey.Flag("\\Answered", false))),
                                new SearchKey.And(List.of(new SearchKey.Sequence(SequenceSet.parse("1:3,5", false)), new SearchKey.Uid(SequenceSet.parse("7:*", false))))),
                        new SearchKey.Header("X-Spam", ""), new SearchKey.Size(true, 100), new SearchKey.Size(false, 2000),
                        new SearchKey.Date(SearchKey.DateKind.SENT, SearchKey.Comparison.BEFORE, LocalDate.of(2003, 3, 3)),
                        new SearchKey.Flag("$Junk", true), new SearchKey.Flag("Work", false)))));
        assertThat(parse("a SEARCH ALL NEW OLD RECENT DELETED DRAFT UNDRAFT UNDELETED UNFLAGGED ANSWERED SEEN UNSEEN BCC b CC c TO t SUBJECT s BODY x ON 1-Jan-2020 BEFORE 2-Jan-2020 SENTON 1-Jan-2020 SENTSINCE 1-Jan-2020"))
                .isInstanceOf(Search.class);
    }

    @Test
    void search_esearchSearchresModseq_parsed() {
        // RFC 4731 §4, RFC 5182 §4, RFC 7162 §3.1.5 examples.
        assertThat(parse("A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\""))
                .extracting(r -> ((Search) r).returns()).isEqualTo(Set.of(SearchReturn.MIN, SearchReturn.COUNT));
        assertThat(parse("A283 SEARCH RETURN () FLAGGED")).isEqualTo(new Search("A283", false, Set.of(SearchReturn.ALL), null, new SearchKey.Flag("\\Flagged", true)));
        assertThat(parse("A282 SEARCH RETURN (SAVE) FLAGGED")).isEqualTo(new Search("A282", false, Set.of(SearchReturn.SAVE), null, new SearchKey.Flag("\\Flagged", true)));
        assertThat(parse("A283 SEARCH $ SMALLER 4096")).isEqualTo(new Search("A283", false, null, null,
                new SearchKey.And(List.of(new SearchKey.Sequence(SequenceSet.SAVED), new SearchKey.Size(false, 4096)))));
        assertThat(parse("a UID SEARCH UID $")).isEqualTo(new Search("a", true, null, null, new SearchKey.Uid(SequenceSet.SAVED)));
        assertThat(parse("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338")).isEqualTo(new Search("a", false, null, null, new SearchKey.ModSeq(620162338)));
        assertThat(parse("a SEARCH OR NOT MODSEQ 720162338 LARGER 50000")).isEqualTo(new Search("a", false, null, null,
                new SearchKey.Or(new SearchKey.Not(new SearchKey.ModSeq(720162338)), new SearchKey.Size(true, 50000))));
    }

    @Test
    void search_badInput_rejectedClearly() {
        assertThat(events("a SEARCH CHARSET KOI8-XX TEXT x\r\n")).containsExactly("a NO [BADCHARSET (US-ASCII UTF-8)] unsupported charset KOI8-XX");
        assertThat(events("a SEARCH SINCE 31-Feb-2020\r\n")).containsExactly("a BAD invalid date 31-Feb-2020");
        assertThat(events("a SEARCH FOO\r\n")).containsExactly("a BAD unknown search key FOO");
        assertThat(events("a SEARCH 0:3\r\n")).containsExactly("a BAD invalid sequence set: sequence number out of range: 0");
        assertThat(events("a SEARCH (SEEN\r\n")).containsExactly("a BAD expected ')'");
        assertThat(events("a SEARCH\r\n")).containsExactly("a BAD missing argument");
    }

    @Test
    void fetch_itemsMacrosSectionsPartials_parsed() {
        assertThat(parse("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])")).isEqualTo(new Fetch("A654", false, SequenceSet.of(2, 4),
                List.of(FetchItem.Simple.FLAGS, new BodySection(new Section(List.of(), Section.Text.HEADER_FIELDS, List.of("DATE", "FROM")), false, null)), -1, false));
        assertThat(parse("a FETCH 1 ALL")).isEqualTo(new Fetch("a", false, SequenceSet.of(1, 1), FetchItem.ALL, -1, false));
        assertThat(parse("a FETCH 1 fast")).isEqualTo(new Fetch("a", false, SequenceSet.of(1, 1), FetchItem.FAST, -1, false));
        assertThat(parse("a FETCH 1 FULL")).isEqualTo(new Fetch("a", false, SequenceSet.of(1, 1), FetchItem.FULL, -1, false));
        assertThat(parse("a FETCH 1 BODY")).isEqualTo(new Fetch("a", false, SequenceSet.of(1, 1), List.of(FetchItem.Simple.BODY), -1, false));
        assertThat(parse("a FETCH * (BODY.PEEK[1.2.MIME] BODY[]<0.1024> BODY[4.2.HEADER.FIELDS.NOT (X-A x-b)] BODY[TEXT] BODY[3.TEXT] BODY[2.HEADER] RFC822 RFC822.HEADER RFC822.TEXT RFC822.SIZE ENVELOPE BODYSTRUCTURE INTERNALDATE UID MODSEQ)"))
                .isEqualTo(new Fetch("a", false, SequenceSet.of(SequenceSet.STAR, SequenceSet.STAR), List.of(
                        new BodySection(new Section(List.of(1, 2), Section.Text.MIME, List.of()), true, null),
                        new BodySection(Section.WHOLE, false, new Partial(0, 1024)),
                        new BodySection(new Section(List.of(4, 2), Section.Text.HEADER_FIELDS_NOT, List.of("X-A", "x-b")), false, null),
                        new BodySection(new Section(List.of(), Section.Text.TEXT, List.of()), false, null),
                        new BodySection(new Section(List.of(3), Section.Text.TEXT, List.of()), false, null),
                        new BodySection(new Section(List.of(2), Section.Text.HEADER, List.of()), false, null),
                        FetchItem.Simple.RFC822, FetchItem.Simple.RFC822_HEADER, FetchItem.Simple.RFC822_TEXT, FetchItem.Simple.RFC822_SIZE,
                        FetchItem.Simple.ENVELOPE, FetchItem.Simple.BODYSTRUCTURE, FetchItem.Simple.INTERNALDATE, FetchItem.Simple.UID,
                        FetchItem.Simple.MODSEQ), -1, false));
        // RFC 3516 §4.1 BINARY.
        assertThat(parse("a FETCH 1 (BINARY[1.2]<0.100> BINARY.PEEK[] BINARY.SIZE[3])")).isEqualTo(new Fetch("a", false, SequenceSet.of(1, 1), List.of(
                new FetchItem.Binary(List.of(1, 2), false, new Partial(0, 100)), new FetchItem.Binary(List.of(), true, null),
                new FetchItem.BinarySize(List.of(3))), -1, false));
        // RFC 7162 §3.1.4.1 and §3.2.6 examples.
        assertThat(parse("s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)"))
                .isEqualTo(new Fetch("s100", true, SequenceSet.of(1, SequenceSet.STAR), List.of(FetchItem.Simple.FLAGS), 12345, false));
        assertThat(parse("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)"))
                .isEqualTo(new Fetch("s100", true, SequenceSet.of(300, 500), List.of(FetchItem.Simple.FLAGS), 12345, true));
    }

    @Test
    void fetch_badInput_rejected() {
        assertThat(events("a FETCH 1 (BODY[0])\r\n")).containsExactly("a BAD section part numbers start at 1");
        assertThat(events("a FETCH 1 (BODY[MIME])\r\n")).containsExactly("a BAD MIME needs a part number");
        assertThat(events("a FETCH 1 (BODY[]<5>)\r\n")).containsExactly("a BAD expected '.'");
        assertThat(events("a FETCH 1 (BODY[]<0.0>)\r\n")).containsExactly("a BAD number must not be zero");
        assertThat(events("a FETCH 1 (FLAGS) (VANISHED)\r\n")).containsExactly("a BAD VANISHED needs UID FETCH with CHANGEDSINCE");
        assertThat(events("a FETCH 1 BOGUS\r\n")).containsExactly("a BAD unknown FETCH item BOGUS");
        assertThat(events("a FETCH 1:x FLAGS\r\n")).containsExactly("a BAD invalid sequence set: invalid sequence number 'x'");
        assertThat(events("a FETCH 4294967296 FLAGS\r\n")).containsExactly("a BAD invalid sequence set: sequence number out of range: 4294967296");
    }

    @Test
    void store_allForms_parsed() {
        assertThat(parse("A003 STORE 2:4 +FLAGS (\\Deleted)")).isEqualTo(new Store("A003", false, SequenceSet.of(2, 4), -1, StoreMode.ADD, false, Set.of("\\Deleted")));
        assertThat(parse("a STORE 1 -FLAGS.SILENT \\seen $Label1")).isEqualTo(new Store("a", false, SequenceSet.of(1, 1), -1, StoreMode.REMOVE, true, Set.of("\\Seen", "$Label1")));
        assertThat(parse("a UID STORE 1,3 FLAGS ()")).isEqualTo(new Store("a", true, SequenceSet.parse("1,3", false), -1, StoreMode.REPLACE, false, Set.of()));
        // RFC 7162 §3.1.3 example.
        assertThat(parse("d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)"))
                .isEqualTo(new Store("d105", false, SequenceSet.parse("7,5,9", false), 320162338, StoreMode.ADD, true, Set.of("\\Deleted")));
        assertThat(events("a STORE 1 +FLAGZ (\\Seen)\r\n")).containsExactly("a BAD STORE item must be FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
    }

    @Test
    void copyMoveExpunge_uidVariants_parsed() {
        assertThat(parse("A003 COPY 2:4 MEETING")).isEqualTo(new Copy("A003", false, SequenceSet.of(2, 4), "MEETING"));
        assertThat(parse("A004 UID COPY 4827313:4828442 meeting")).isEqualTo(new Copy("A004", true, SequenceSet.of(4827313, 4828442), "meeting"));
        assertThat(parse("a MOVE 1:* Trash")).isEqualTo(new Move("a", false, SequenceSet.of(1, SequenceSet.STAR), "Trash"));
        assertThat(parse("a UID MOVE $ Archive")).isEqualTo(new Move("a", true, SequenceSet.SAVED, "Archive"));
        assertThat(parse("A003 UID EXPUNGE 3000:3002")).isEqualTo(new Expunge("A003", SequenceSet.of(3000, 3002)));
        assertThat(events("a UID FROB 1\r\n")).containsExactly("a BAD unknown UID command FROB");
    }

    @Test
    void sortAndThread_rfc5256Examples_parsed() {
        assertThat(parse("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994")).isEqualTo(new Sort("A282", false,
                List.of(new SortKey(SortCriterion.SUBJECT, false)), "UTF-8",
                new SearchKey.Date(SearchKey.DateKind.INTERNAL, SearchKey.Comparison.SINCE, LocalDate.of(1994, 2, 1))));
        assertThat(parse("A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL")).isEqualTo(new Sort("A283", false,
                List.of(new SortKey(SortCriterion.SUBJECT, false), new SortKey(SortCriterion.DATE, true)), "UTF-8", new SearchKey.All()));
        assertThat(parse("A284 UID SORT (ARRIVAL) US-ASCII SEEN")).extracting(r -> ((Sort) r).uid()).isEqualTo(true);
        assertThat(parse("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000"))
                .isEqualTo(new ThreadMessages("A283", false, "ORDEREDSUBJECT", "UTF-8",
                        new SearchKey.Date(SearchKey.DateKind.INTERNAL, SearchKey.Comparison.SINCE, LocalDate.of(2000, 3, 5))));
        assertThat(parse("A284 UID THREAD REFERENCES US-ASCII TEXT \"gewp\"")).isEqualTo(new ThreadMessages("A284", true, "REFERENCES", "US-ASCII",
                new SearchKey.Text(TextField.TEXT, "gewp")));
        assertThat(events("a THREAD FANCY UTF-8 ALL\r\n")).containsExactly("a BAD unsupported thread algorithm FANCY");
        assertThat(events("a SORT (SIZE) ALL\r\n")).containsExactly("a NO [BADCHARSET (US-ASCII UTF-8)] unsupported charset ALL");
    }

    @Test
    void quotaAclCompress_parsed() {
        assertThat(parse("G0001 GETQUOTA \"!partition.sda4\"")).isEqualTo(new GetQuota("G0001", "!partition.sda4"));
        assertThat(parse("A003 GETQUOTAROOT INBOX")).isEqualTo(new GetQuotaRoot("A003", "INBOX"));
        assertThat(parse("S0000 SETQUOTA \"#user/alice\" (STORAGE 510)")).isEqualTo(new SetQuota("S0000", "#user/alice", Map.of("STORAGE", 510L)));
        assertThat(parse("A001 GETACL INBOX")).isEqualTo(new GetAcl("A001", "INBOX"));
        assertThat(parse("A035 SETACL INBOX/Drafts John lrQswicda")).isEqualTo(new SetAcl("A035", "INBOX/Drafts", "John", "lrQswicda"));
        assertThat(parse("A036 SETACL INBOX/Drafts Fred -w")).isEqualTo(new SetAcl("A036", "INBOX/Drafts", "Fred", "-w"));
        assertThat(parse("A002 SETACL INBOX/ anyone +r")).isEqualTo(new SetAcl("A002", "INBOX/", "anyone", "+r"));
        assertThat(parse("A004 DELETEACL INBOX/Drafts Fred")).isEqualTo(new DeleteAcl("A004", "INBOX/Drafts", "Fred"));
        assertThat(parse("a001 LISTRIGHTS ~/Mail/saved smith")).isEqualTo(new ListRights("a001", "~/Mail/saved", "smith"));
        assertThat(parse("A003 MYRIGHTS INBOX")).isEqualTo(new MyRights("A003", "INBOX"));
        assertThat(parse("t1 COMPRESS DEFLATE")).isEqualTo(new Compress("t1", "DEFLATE"));
    }

    @Test
    void malformedCommands_rejectedWithTagWhenReadable() {
        assertThat(events("\r\n")).containsExactly("* BAD empty command line");
        assertThat(events(" NOOP\r\n")).containsExactly("* BAD missing command tag");
        assertThat(events("+x NOOP\r\n")).containsExactly("* BAD missing command tag");
        assertThat(events("t\u00e9 NOOP\r\n")).containsExactly("* BAD invalid command tag");
        assertThat(events("a\r\n")).containsExactly("a BAD missing argument");
        assertThat(events("a FROB\r\n")).containsExactly("a BAD unknown command FROB");
        assertThat(events("a NOOP extra\r\n")).containsExactly("a BAD unexpected extra arguments");
        assertThat(events("a LOGIN \"unterminated\r\n")).containsExactly("a BAD unterminated quoted string");
        assertThat(events("a LOGIN \"x\\y\" z\r\n")).containsExactly("a BAD invalid escape in quoted string");
        assertThat(events("a APPEND INBOX\r\n")).containsExactly("a BAD APPEND needs a message literal");
    }

    @Test
    void pipelinedCommands_allParsedInOrder() {
        assertThat(events("a NOOP\r\nb CAPABILITY\r\nc LOGOUT\r\n"))
                .containsExactly(new Noop("a").toString(), new Capability("b").toString(), new Logout("c").toString());
    }

    @Test
    void bareLf_acceptedAsLineEnd() {
        assertThat(events("a NOOP\nb NOOP\r\n")).containsExactly(new Noop("a").toString(), new Noop("b").toString());
    }

    private static ListMailboxes list(String tag, String ref, List<String> patterns, Set<ListSelect> select, Set<ListReturn> returns,
                                      List<StatusItem> status) {
        return new ListMailboxes(tag, ref, patterns, select, returns, status);
    }

    private static Map<String, String> mapOf(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
