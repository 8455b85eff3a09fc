package org.switchboard.core.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSystemTest {

    private static final String LINE_START = "^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}] ";

    @TempDir Path dir;
    private LogSystem logs;

    @AfterEach
    void stop() {
        if (logs != null) logs.stop();
    }

    private LogSystem configure(LogSettings settings) {
        logs = LogSystem.configure(dir, settings, false);
        return logs;
    }

    private static LogSettings sized(long maxBytes, int maxFiles) {
        return new LogSettings(maxBytes, maxFiles, LogSettings.Syslog.disabled(), Set.of());
    }

    private String read(LogKind kind) throws IOException {
        return Files.readString(logs.file(kind), StandardCharsets.UTF_8);
    }

    @Test
    void configure_eachKindLogged_landsInItsOwnFileOnly() throws IOException {
        configure(LogSettings.defaults());
        for (LogKind kind : LogKind.values()) kind.log("marker-{}", kind.file());

        for (LogKind kind : LogKind.values()) {
            assertThat(logs.file(kind)).isEqualTo(dir.toAbsolutePath().resolve(kind.file() + ".log"));
            List<String> lines = Files.readAllLines(logs.file(kind));
            assertThat(lines).singleElement().asString().matches(LINE_START + "marker-" + kind.file() + "$");
        }
    }

    @Test
    void configure_libraryWarningsAndErrors_goToWarningAndErrorFiles() throws IOException {
        configure(LogSettings.defaults());
        org.slf4j.Logger library = LoggerFactory.getLogger("com.example.library");
        library.info("library-info");
        library.warn("library-warn");
        library.error("library-error", new IllegalStateException("library-cause"));

        assertThat(read(LogKind.WARNING)).contains("library-warn", "library-error", "library-cause")
                .doesNotContain("library-info");
        assertThat(read(LogKind.ERROR)).contains("library-error").doesNotContain("library-warn", "library-info");
        for (LogKind kind : LogKind.values()) {
            if (kind != LogKind.WARNING && kind != LogKind.ERROR) assertThat(read(kind)).isEmpty();
        }
    }

    @Test
    void log_failureAndControlCharacters_stackTraceBelowAndLineNotForgeable() throws IOException {
        configure(LogSettings.defaults());
        LogKind.ERROR.log("boom", new IllegalStateException("bad state"));
        LogKind.MAIL.log("HELO evil\r\n[2020-01-01 00:00:00.000] forged\u001b[2J");
        LogKind.MAIL.log("Grüße ☎");

        List<String> errors = Files.readAllLines(logs.file(LogKind.ERROR));
        assertThat(errors.getFirst()).matches(LINE_START + "boom$");
        assertThat(errors.get(1)).isEqualTo("java.lang.IllegalStateException: bad state");
        assertThat(errors.size()).isGreaterThan(2);

        List<String> mail = Files.readAllLines(logs.file(LogKind.MAIL), StandardCharsets.UTF_8);
        assertThat(mail).hasSize(2);
        assertThat(mail.getFirst()).endsWith("HELO evil\\r\\n[2020-01-01 00:00:00.000] forged\\u001b[2J");
        assertThat(mail.get(1)).endsWith("] Grüße ☎");
    }

    @Test
    void rotation_pastMaxSize_keepsAtMostMaxFiles() throws IOException {
        long max = LogSettings.MIN_FILE_BYTES;
        configure(sized(max, 2));
        String filler = "x".repeat(1000);
        for (int i = 0; i < 400; i++) LogKind.MAIL.log("line-{} {}", i, filler);

        Path current = logs.file(LogKind.MAIL);
        assertThat(dir.resolve("mail.1.log")).exists();
        assertThat(dir.resolve("mail.2.log")).exists();
        assertThat(dir.resolve("mail.3.log")).doesNotExist();
        for (Path file : List.of(current, dir.resolve("mail.1.log"), dir.resolve("mail.2.log"))) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(max + 1100);
        }
        assertThat(logs.tail(LogKind.MAIL, 1)).singleElement().asString().contains("line-399 ");
        String older = Files.readString(dir.resolve("mail.1.log"));
        String oldest = Files.readString(dir.resolve("mail.2.log"));
        assertThat(lineNumber(older)).isLessThan(lineNumber(read(LogKind.MAIL)));
        assertThat(lineNumber(oldest)).isLessThan(lineNumber(older));
        assertThat(Files.size(logs.file(LogKind.CALL))).isZero();
    }

    private static int lineNumber(String content) {
        int at = content.indexOf("line-") + 5;
        return Integer.parseInt(content.substring(at, content.indexOf(' ', at)));
    }

    @Test
    void apply_smallerMaxSize_rotatesAtTheNewSize() {
        configure(sized(1024 * 1024, 5));
        String filler = "y".repeat(1000);
        for (int i = 0; i < 100; i++) LogKind.SPAM.log("before {}", filler);
        assertThat(dir.resolve("spam.1.log")).doesNotExist();

        logs.apply(sized(LogSettings.MIN_FILE_BYTES, 5));
        LogKind.SPAM.log("after");

        assertThat(dir.resolve("spam.1.log")).exists();
        assertThat(logs.tail(LogKind.SPAM, 10)).singleElement().asString().endsWith("] after");
        assertThat(logs.settings().maxFileBytes()).isEqualTo(LogSettings.MIN_FILE_BYTES);
    }

    @Test
    void apply_fewerMaxFiles_deletesRotatedFilesBeyondTheWindow() {
        configure(sized(LogSettings.MIN_FILE_BYTES, 4));
        String filler = "z".repeat(1000);
        for (int i = 0; i < 400; i++) LogKind.CALL.log("call {}", filler);
        assertThat(dir.resolve("call.4.log")).exists();

        logs.apply(sized(LogSettings.MIN_FILE_BYTES, 1));

        assertThat(dir.resolve("call.1.log")).exists();
        assertThat(dir.resolve("call.2.log")).doesNotExist();
        assertThat(dir.resolve("call.4.log")).doesNotExist();
        for (int i = 0; i < 100; i++) LogKind.CALL.log("call {}", filler);
        assertThat(dir.resolve("call.2.log")).doesNotExist();
    }

    @Test
    void debug_categorySwitchedAtRuntime_writtenOnlyWhileOn() throws IOException {
        configure(LogSettings.defaults());
        LogKind.debug("smtp-server", "hidden {}", 1);
        assertThat(logs.debugCategories()).isEmpty();
        assertThat(LogKind.debugEnabled("smtp-server")).isFalse();

        logs.apply(LogSettings.defaults().withDebugCategories(Set.of("smtp-server")));
        LogKind.debug("smtp-server", "shown {}", 2);
        LogKind.debug("imap-server", "other {}", 3);
        assertThat(logs.debugCategories()).containsExactly("smtp-server");
        assertThat(LogKind.debugEnabled("smtp-server")).isTrue();

        logs.apply(LogSettings.defaults());
        LogKind.debug("smtp-server", "hidden again");

        List<String> lines = Files.readAllLines(logs.file(LogKind.DEBUG));
        assertThat(lines).singleElement().asString().matches(LINE_START + "\\{smtp-server} shown 2$");
        assertThat(logs.debugCategories()).isEmpty();
        assertThat(logs.settings().debugCategories()).isEmpty();
        assertThat(LogSystem.knownDebugCategories()).contains("smtp-server", "sip", "tls").hasSize(16);
    }

    @Test
    void configure_withDebugCategories_onFromTheStart() throws IOException {
        configure(LogSettings.defaults().withDebugCategories(Set.of("sip", "tls")));
        LogKind.debug("sip", "invite");
        LogKind.debug("media", "rtp");

        assertThat(logs.debugCategories()).containsExactly("sip", "tls");
        assertThat(read(LogKind.DEBUG)).contains("{sip} invite").doesNotContain("rtp");
    }

    @Test
    void tail_manyLinesAcrossBlocks_returnsTheLastOnesInOrder() {
        configure(LogSettings.defaults());
        for (int i = 0; i < 2000; i++) LogKind.OPERATIONS.log("op-{}", i);

        List<String> last = logs.tail(LogKind.OPERATIONS, 1500);
        assertThat(last).hasSize(1500);
        assertThat(last.getFirst()).endsWith("] op-500");
        assertThat(last.getLast()).endsWith("] op-1999");
        assertThat(logs.tail(LogKind.OPERATIONS, 3)).extracting(l -> l.substring(l.indexOf("] ") + 2))
                .containsExactly("op-1997", "op-1998", "op-1999");
        assertThat(logs.tail(LogKind.OPERATIONS, 5000)).hasSize(2000);
        assertThat(logs.tail(LogKind.CONFIG, 10)).isEmpty();
        assertThatThrownBy(() -> logs.tail(LogKind.CONFIG, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void search_plainRegexAndLimit_matchesNewestLast() {
        configure(LogSettings.defaults());
        for (int i = 0; i < 20; i++) LogKind.SECURITY.log("login {} from 10.0.0.{}", i % 2 == 0 ? "FAILED" : "ok", i);

        assertThat(logs.search(LogKind.SECURITY, "failed", false, 100)).hasSize(10);
        List<String> newest = logs.search(LogKind.SECURITY, "FAILED from 10\\.0\\.0\\.1\\d$", true, 2);
        assertThat(newest).hasSize(2);
        assertThat(newest.get(0)).endsWith("10.0.0.16");
        assertThat(newest.get(1)).endsWith("10.0.0.18");
        assertThat(logs.search(LogKind.SECURITY, "10.0.0.[", false, 10)).isEmpty();
        assertThatThrownBy(() -> logs.search(LogKind.SECURITY, "10.0.0.[", true, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid regular expression");
    }

    @Test
    void clear_whileAppenderLive_emptiesFileAndLoggingContinuesAtStart() throws IOException {
        configure(LogSettings.defaults());
        for (int i = 0; i < 50; i++) LogKind.CONFIG.log("old {}", i);

        logs.clear(LogKind.CONFIG);
        assertThat(Files.size(logs.file(LogKind.CONFIG))).isZero();
        assertThat(logs.tail(LogKind.CONFIG, 10)).isEmpty();

        LogKind.CONFIG.log("fresh");
        String content = read(LogKind.CONFIG);
        assertThat(content).matches(LINE_START + "fresh\n");
        assertThat(logs.search(LogKind.CONFIG, "old", false, 10)).isEmpty();
    }

    @Test
    void syslog_enabled_sendsKindLinesToReceiverUntilSwitchedOff() throws IOException {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(200);
            LogSettings.Syslog syslog = new LogSettings.Syslog(true, "127.0.0.1", receiver.getLocalPort(), "local3");
            configure(new LogSettings(LogSettings.MIN_FILE_BYTES, 3, syslog, Set.of("sip")));

            LogKind.MAIL.log("syslog-marker {}", 42);
            LogKind.debug("sip", "syslog-debug");
            LoggerFactory.getLogger("com.example.library").warn("syslog-library");
            String mail = receiveUntil(receiver, "syslog-library").getFirst();
            // LOCAL3 (19) * 8 + informational (6), RFC 3164 section 4.1.1
            assertThat(mail).startsWith("<158>").contains("switchboard: mail: syslog-marker 42");
            assertThat(read(LogKind.MAIL)).contains("syslog-marker 42");

            logs.apply(new LogSettings(LogSettings.MIN_FILE_BYTES, 3, LogSettings.Syslog.disabled(), Set.of()));
            LogKind.MAIL.log("after-off");
            byte[] sentinel = "sentinel".getBytes(StandardCharsets.US_ASCII);
            receiver.send(new DatagramPacket(sentinel, sentinel.length, receiver.getLocalSocketAddress()));
            assertThat(receiveUntil(receiver, "sentinel")).singleElement().isEqualTo("sentinel");
        }
    }

    // Collects datagrams up to and including the first one containing the given text.
    private static List<String> receiveUntil(DatagramSocket socket, String last) throws IOException {
        List<String> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        byte[] buffer = new byte[65535];
        while (Instant.now().isBefore(deadline)) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("syslog-debug");
            received.add(text);
            if (text.contains(last)) return received;
        }
        throw new AssertionError("no datagram containing '" + last + "' within 10 s; got " + received);
    }

    @Test
    void console_on_printsWarningErrorAndConsoleLinesOnly() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logs = LogSystem.configure(dir, LogSettings.defaults(), true);
            LogKind.ERROR.log("console-error");
            LogKind.WARNING.log("console-warning");
            LogKind.MAIL.log("console-mail");
            LogKind.console("console-banner");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("console-error", "console-warning", "console-banner").doesNotContain("console-mail");
    }

    @Test
    void configure_again_stopsThePreviousSystem() throws IOException {
        LogSystem first = configure(LogSettings.defaults());
        Path other = dir.resolve("second");
        logs = LogSystem.configure(other, LogSettings.defaults(), false);
        LogKind.MAIL.log("to-second");

        assertThat(Files.readString(first.file(LogKind.MAIL))).isEmpty();
        assertThat(read(LogKind.MAIL)).contains("to-second");
        assertThatThrownBy(() -> first.apply(LogSettings.defaults())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void configure_unresolvableSyslogHost_rejectedWithClearMessage() {
        LogSettings.Syslog bad = new LogSettings.Syslog(true, "no-such-host.invalid", 514, "MAIL");
        assertThatThrownBy(() -> configure(new LogSettings(LogSettings.MIN_FILE_BYTES, 1, bad, Set.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-host.invalid");
    }
}
