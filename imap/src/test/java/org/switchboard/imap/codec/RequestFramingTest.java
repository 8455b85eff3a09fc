package org.switchboard.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.imap.codec.ImapRequest.Noop;

/** Framing: literals of every kind, byte-split invariance, every limit tripped with the connection still usable. */
class RequestFramingTest {
    private static final String NOOP_AFTER = new Noop("z").toString();

    /** A transcript exercising every framing path: sync and non-sync literals, literal8, APPEND streaming, pipelining. */
    private static final String CORPUS = String.join("",
            "a1 LOGIN {4}\r\nuser {8+}\r\npass wor\r\n",
            "a2 SELECT \"INBOX\"\r\n",
            "a3 APPEND Drafts (\\Draft) {11}\r\nSubject: x\n\r\n",
            "a4 APPEND {4+}\r\nSent ~{3+}\r\na\0b\r\n",
            "a5 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n",
            "a6 SEARCH CHARSET UTF-8 SUBJECT {2}\r\n\u00e9\r\n",
            "a7 ID (\"name\" {3+}\r\nx y \"v\" NIL)\r\n",
            "a8 BOGUS\r\n",
            "a9 LOGOUT\r\n");

    @Test
    void corpus_splitAtEveryOffset_sameEvents() {
        byte[] input = CORPUS.getBytes(StandardCharsets.UTF_8);
        List<String> whole = ReaderDriver.run(ImapLimits.DEFAULTS, input).events();
        assertThat(whole).hasSize(15);
        for (int i = 1; i < input.length; i++) {
            assertThat(ReaderDriver.run(ImapLimits.DEFAULTS, input, i).events()).as("split at %d", i).isEqualTo(whole);
        }
    }

    @Test
    void corpus_byteByByte_sameEvents() {
        byte[] input = CORPUS.getBytes(StandardCharsets.UTF_8);
        List<String> whole = ReaderDriver.run(ImapLimits.DEFAULTS, input).events();
        int[] splits = new int[input.length - 1];
        for (int i = 0; i < splits.length; i++) splits[i] = i + 1;
        assertThat(ReaderDriver.run(ImapLimits.DEFAULTS, input, splits).events()).isEqualTo(whole);
    }

    @Test
    void corpus_eventsAsExpected() {
        List<String> events = ReaderDriver.run(CORPUS).events();
        assertThat(events.get(0)).isEqualTo("+");
        assertThat(events.get(1)).isEqualTo(new ImapRequest.Login("a1", "user", "pass wor").toString());
        assertThat(events).contains("MESSAGE Subject: x\n", "MESSAGE a\0b", "a8 BAD unknown command BOGUS");
        assertThat(events.getLast()).isEqualTo(new ImapRequest.Logout("a9").toString());
    }

    @Test
    void syncLiteral_continuationOnlyAfterWholeLine() {
        ReaderDriver d = new ReaderDriver();
        d.feed("a LOGIN {4}");
        assertThat(d.events()).isEmpty();
        d.feed("\r\n");
        assertThat(d.events()).containsExactly("+");
        d.feed("us");
        d.feed("er x\r\n");
        assertThat(d.events()).containsExactly("+", new ImapRequest.Login("a", "user", "x").toString());
    }

    @Test
    void literal_containingCrlfAndBraces_takenVerbatim() {
        assertThat(ReaderDriver.run("a LOGIN {7+}\r\nx\r\n{3}\r y\r\n").events())
                .containsExactly(new ImapRequest.Login("a", "x\r\n{3}\r", "y").toString());
    }

    @Test
    void markerInsideQuotes_notALiteral() {
        assertThat(ReaderDriver.run("a LOGIN \"{3}\" \"x {5}\"\r\n").events())
                .containsExactly(new ImapRequest.Login("a", "{3}", "x {5}").toString());
    }

    @Test
    void lineLimit_tripped_badThenNextCommandWorks() {
        String longLine = "a LOGIN " + "x".repeat(9000) + " y\r\n";
        assertThat(ReaderDriver.run(longLine + "z NOOP\r\n").events())
                .containsExactly("a BAD [TOOBIG] line too long (limit 8192 bytes)", NOOP_AFTER);
    }

    @Test
    void lineLimit_exactlyAtLimit_accepted() {
        String command = "a LOGIN u ";
        String line = command + "p".repeat(8192 - command.length());
        assertThat(line).hasSize(8192);
        assertThat(ReaderDriver.run(line + "\r\n").events()).containsExactly(new ImapRequest.Login("a", "u", "p".repeat(8192 - command.length())).toString());
        assertThat(ReaderDriver.run(line + "p\r\nz NOOP\r\n").events()).containsExactly("a BAD [TOOBIG] line too long (limit 8192 bytes)", NOOP_AFTER);
    }

    @Test
    void lineLimit_overlongLineEndingInNonSyncLiteral_literalSkippedToo() {
        String input = "a LOGIN " + "x".repeat(9000) + " {5+}\r\nz BAD\r\nz NOOP\r\n";
        // "z BAD\r\n" (5 bytes + CRLF? no: the literal is the 5 bytes "z BAD"), then CRLF ends the command.
        assertThat(ReaderDriver.run(input).events()).containsExactly("a BAD [TOOBIG] line too long (limit 8192 bytes)", NOOP_AFTER);
    }

    @Test
    void literalLimit_syncTooBig_refusedBeforeContinuation() {
        ImapLimits limits = new ImapLimits(8192, 100, 256 * 1024, 1000, 32, 100, false);
        assertThat(ReaderDriver.run(limits, "a LOGIN {101}\r\nz NOOP\r\n".getBytes()).events())
                .containsExactly("a BAD [TOOBIG] literal too big (limit 100 bytes)", NOOP_AFTER);
    }

    @Test
    void literalLimit_nonSyncTooBig_literalSkipped() {
        ImapLimits limits = new ImapLimits(8192, 10, 256 * 1024, 1000, 32, 100, false);
        assertThat(ReaderDriver.run(limits, "a LOGIN {11+}\r\nz NOOP\r\nxx y\r\nz NOOP\r\n".getBytes()).events())
                .containsExactly("a BAD [TOOBIG] literal too big (limit 10 bytes)", NOOP_AFTER);
    }

    @Test
    void literalMinus_nonSyncAbove4096_refusedAndSkipped() {
        ImapLimits limits = new ImapLimits(8192, 64 * 1024, 256 * 1024, 1000, 32, 100, true);
        String input = "a LOGIN {4097+}\r\n" + "x".repeat(4097) + " y\r\nz NOOP\r\n";
        assertThat(ReaderDriver.run(limits, input.getBytes()).events())
                .containsExactly("a BAD [TOOBIG] non-synchronizing literal above 4096 bytes", NOOP_AFTER);
        assertThat(ReaderDriver.run(limits, ("a LOGIN {4096+}\r\n" + "x".repeat(4096) + " y\r\n").getBytes()).events())
                .containsExactly(new ImapRequest.Login("a", "x".repeat(4096), "y").toString());
    }

    @Test
    void commandLimit_manyLiterals_refused() {
        ImapLimits limits = new ImapLimits(1024, 1000, 1024, 1000, 32, 100, false);
        String input = "a LOGIN {900+}\r\n" + "x".repeat(900) + " {900+}\r\n" + "y".repeat(900) + "\r\nz NOOP\r\n";
        assertThat(ReaderDriver.run(limits, input.getBytes()).events())
                .containsExactly("a BAD command too long (limit 1024 bytes)", NOOP_AFTER);
    }

    @Test
    void nestingLimit_tripped_badThenUsable() {
        String deep = "a SEARCH " + "(".repeat(40) + "ALL" + ")".repeat(40) + "\r\n";
        assertThat(ReaderDriver.run(deep + "z NOOP\r\n").events()).containsExactly("a BAD too deeply nested", NOOP_AFTER);
        String notChain = "a SEARCH " + "NOT ".repeat(40) + "ALL\r\n";
        assertThat(ReaderDriver.run(notChain + "z NOOP\r\n").events()).containsExactly("a BAD search keys nested too deeply", NOOP_AFTER);
    }

    @Test
    void argumentLimit_tripped_badThenUsable() {
        String many = "a STORE 1 +FLAGS (" + "k ".repeat(2100).trim() + ")\r\n";
        assertThat(ReaderDriver.run(many + "z NOOP\r\n").events()).containsExactly("a BAD too many arguments (limit 2000)", NOOP_AFTER);
    }

    @Test
    void argumentLimit_acrossNonSyncLiteral_restSkipped() {
        ImapLimits limits = new ImapLimits(8192, 1000, 256 * 1024, 1000, 32, 10, false);
        String input = "a ID (\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\" {3+}\r\nabc)\r\nz NOOP\r\n";
        assertThat(ReaderDriver.run(limits, input.getBytes()).events()).containsExactly("a BAD too many arguments (limit 10)", NOOP_AFTER);
    }

    @Test
    void refusedSyncMessageLiteral_nextLineIsNewCommand() {
        ReaderDriver d = new ReaderDriver();
        ImapRequestReader reader = d.reader();
        ReaderEvent e = reader.next(ByteBuffer.wrap("a APPEND Nowhere {5}\r\nz NOOP\r\n".getBytes()));
        assertThat(e).isInstanceOf(ReaderEvent.MessageLiteral.class);
        reader.messageRefused();
        ByteBuffer rest = ByteBuffer.wrap("z NOOP\r\n".getBytes());
        assertThat(reader.next(rest)).isEqualTo(new ReaderEvent.Request(new Noop("z")));
    }

    @Test
    void rawLine_idleDoneAndSasl_returnedVerbatim() {
        ReaderDriver d = new ReaderDriver();
        d.feed("a IDLE\r\n");
        d.reader().readRawLine();
        d.feed("DONE\r\n");
        d.reader().readRawLine();
        d.feed("dXNlcg==\r\n");
        d.feed("b NOOP\r\n");
        assertThat(d.events()).containsExactly(new ImapRequest.Idle("a").toString(), "LINE DONE", "LINE dXNlcg==", new Noop("b").toString());
    }

    @Test
    void rawLine_tooLong_rejectedAndSkipped() {
        ReaderDriver d = new ReaderDriver();
        d.reader().readRawLine();
        d.feed("x".repeat(9000) + "\r\nz NOOP\r\n");
        assertThat(d.events()).containsExactly("* BAD line too long", NOOP_AFTER);
    }

    @Test
    void partialCommand_reported() {
        ImapRequestReader reader = new ImapRequestReader(ImapLimits.DEFAULTS);
        assertThat(reader.holdsPartialCommand()).isFalse();
        reader.next(ByteBuffer.wrap("a NO".getBytes()));
        assertThat(reader.holdsPartialCommand()).isTrue();
        reader.next(ByteBuffer.wrap("OP\r\n".getBytes()));
        assertThat(reader.holdsPartialCommand()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a LOGIN {3}\r\n", "a LOGIN {3+}\r\nab", "a APPEND INBOX {3+}\r\nab"})
    void incompleteInput_needsMore(String input) {
        ReaderDriver d = ReaderDriver.run(input);
        assertThat(d.rawEvents()).noneMatch(e -> e instanceof ReaderEvent.Request || e instanceof ReaderEvent.Rejected);
    }

    @Test
    void garbage_neverThrows() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            for (int i = 0; i < noise.length; i++) if (random.nextInt(12) == 0) noise[i] = (byte) "\r\n{}()\"\\ +~*"
                    .charAt(random.nextInt(12));
            ImapLimits limits = new ImapLimits(1024, 64, 4096, 128, 4, 16, false);
            ReaderDriver d = ReaderDriver.run(limits, noise, noise.length / 2);
            // After any garbage, a fresh command on its own line still parses (skipping what is pending).
            d.feed("\r\n\r\nz NOOP\r\n");
            assertThat(d.events()).isNotNull();
        }
    }
}
