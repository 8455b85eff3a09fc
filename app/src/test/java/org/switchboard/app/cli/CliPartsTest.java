package org.switchboard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.core.auth.AccessPolicy.Action;
import org.switchboard.core.auth.AccessPolicy.Protocol;
import org.switchboard.core.definitions.TimeRange.Interval;
import org.switchboard.core.definitions.TimeRange.Kind;
import org.switchboard.core.json.Json;

/** The CLI's parsing and formatting pieces, in-process (the verbs against a real server are in CliTest). */
class CliPartsTest {
    @TempDir
    Path temp;

    static int exitOf(Runnable r) {
        try {
            r.run();
        } catch (CliFailure f) {
            return f.getExitCode();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void weekly_rangesListsAndWrap_expandToDays() {
        Interval workdays = TimeRangeCommand.weekly("MON-FRI@08:00-17:00");
        assertThat(workdays.kind()).isEqualTo(Kind.WEEKLY);
        assertThat(workdays.days()).containsExactlyInAnyOrderElementsOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(workdays.from()).isEqualTo(LocalTime.of(8, 0));
        assertThat(TimeRangeCommand.weekly("fri-mon@22:00-06:00").days())
                .containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        assertThat(TimeRangeCommand.weekly("Sat, sunday@10:00-24:00").to()).isEqualTo(LocalTime.MIDNIGHT);
    }

    @Test
    void intervals_malformed_usageErrors() {
        assertThat(exitOf(() -> TimeRangeCommand.daily("8-17"))).isEqualTo(2);
        assertThat(exitOf(() -> TimeRangeCommand.weekly("MON 08:00-17:00"))).isEqualTo(2);
        assertThat(exitOf(() -> TimeRangeCommand.weekly("MO@08:00-17:00"))).isEqualTo(2);
        assertThat(exitOf(() -> TimeRangeCommand.absolute("2026-12-27/2026-12-24"))).isEqualTo(2);
        Interval holidays = TimeRangeCommand.absolute("2026-12-24/2026-12-27T12:30");
        assertThat(holidays.start()).isEqualTo(LocalDateTime.of(2026, 12, 24, 0, 0));
        assertThat(holidays.end()).isEqualTo(LocalDateTime.of(2026, 12, 27, 12, 30));
    }

    @Test
    void policyRule_allowDenyGroup_parsedOthersRefused() {
        assertThat(PolicyCommand.rule("allow", "x").action()).isEqualTo(Action.ALLOW);
        assertThat(PolicyCommand.rule("DENY", "x").action()).isEqualTo(Action.DENY);
        assertThat(PolicyCommand.rule("group:Office", "x").ipGroup()).isEqualTo("Office");
        assertThat(PolicyCommand.protocol("imap")).isEqualTo(Protocol.IMAP);
        assertThat(exitOf(() -> PolicyCommand.rule("group:", "x"))).isEqualTo(2);
        assertThat(exitOf(() -> PolicyCommand.rule("maybe", "x"))).isEqualTo(2);
        assertThat(exitOf(() -> PolicyCommand.protocol("ftp"))).isEqualTo(2);
    }

    @Test
    void settingsApply_nestedKeysAndJsonValues_elseText() throws Exception {
        ObjectNode s = (ObjectNode) Json.MAPPER.readTree("{\"maxFiles\":5,\"syslog\":{\"enabled\":false,\"host\":\"localhost\"}}");
        SettingsCommand.apply(s, "syslog.enabled=true");
        SettingsCommand.apply(s, "syslog.host=192.0.2.9");
        SettingsCommand.apply(s, "maxFiles=7");
        SettingsCommand.apply(s, "debugCategories=[\"smtp\"]");
        SettingsCommand.apply(s, "trustedIpGroup=null");
        SettingsCommand.apply(s, "name=a=b");
        assertThat(s.toString()).isEqualTo("{\"maxFiles\":7,\"syslog\":{\"enabled\":true,\"host\":\"192.0.2.9\"},"
                + "\"debugCategories\":[\"smtp\"],\"trustedIpGroup\":null,\"name\":\"a=b\"}");
        assertThat(exitOf(() -> SettingsCommand.apply(s, "nosuch.key=1"))).isEqualTo(2);
        assertThat(exitOf(() -> SettingsCommand.apply(s, "maxFiles.x=1"))).isEqualTo(2);
        assertThat(exitOf(() -> SettingsCommand.apply(s, "=1"))).isEqualTo(2);
        assertThat(exitOf(() -> SettingsCommand.apply(s, "novalue"))).isEqualTo(2);
        assertThat(SettingsCommand.flatten(s, "")).contains("syslog.enabled = true", "debugCategories = [\"smtp\"]");
    }

    @Test
    void knownServers_rememberedOwnerOnly_lastLineWins() throws IOException {
        KnownServers known = new KnownServers(temp.resolve("fresh").resolve("known_servers"));
        assertThat(known.fingerprint("127.0.0.1:4040")).isEmpty();
        known.remember("127.0.0.1:4040", "AB:CD");
        known.remember("[::1]:4040", "EF:01");
        assertThat(known.fingerprint("127.0.0.1:4040")).contains("AB:CD");
        assertThat(known.fingerprint("[::1]:4040")).contains("EF:01");
        assertThat(known.fingerprint("127.0.0.1:4041")).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known.file().getParent()))).isEqualTo("rwx------");
        Files.writeString(known.file(), "127.0.0.1:4040 12:34\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(known.fingerprint("127.0.0.1:4040")).contains("12:34");
    }

    @Test
    void serverUrl_hostPortOrUrl_normalized() {
        assertThat(ConnectionOptions.parse("mail.example.com:4040").toString()).isEqualTo("https://mail.example.com:4040");
        assertThat(ConnectionOptions.parse("HTTPS://[::1]:4040/admin/").toString()).isEqualTo("https://[::1]:4040");
        assertThat(exitOf(() -> ConnectionOptions.parse("ftp://example.com"))).isEqualTo(2);
        assertThat(exitOf(() -> ConnectionOptions.parse("https://exa mple.com"))).isEqualTo(2);
        ConnectionOptions o = new ConnectionOptions();
        o.portOffset = 10000;
        o.server = "";
        assertThat(o.serverUri().toString()).startsWith("https://");
    }

    @Test
    void exitCodes_perHttpStatus() {
        assertThat(List.of(401, 403, 404, 409, 400, 413, 429, 500, 502).stream().map(CliFailure::exitCodeFor).toList())
                .containsExactly(3, 4, 5, 6, 2, 2, 2, 1, 1);
    }

    @Test
    void reason_wrappedNetworkFailures_namedPlainly() {
        assertThat(AdminSession.reason(new IOException(new ConnectException()))).startsWith("connection refused");
        assertThat(AdminSession.reason(new ConnectException(null) {{ initCause(new UnresolvedAddressException()); }})).isEqualTo("unknown host name");
        assertThat(AdminSession.reason(new IOException("outer", new IOException("Broken pipe")))).isEqualTo("Broken pipe");
    }

    @Test
    void table_columnsAligned_emptyMessage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        out.table(List.of("NAME", "N"), List.of(List.of("example.com", "1"), List.of("a.test", "12")), "none");
        out.table(List.of("NAME"), List.of(), "No domains.");
        JsonNode quota = Json.MAPPER.readTree("{\"storageBytes\":104857600,\"messages\":0}");
        out.line(Output.quota(quota));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                NAME         N
                example.com  1
                a.test       12
                No domains.
                100 MB, unlimited messages
                """);
    }
}
