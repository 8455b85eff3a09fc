package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin CLI against the real server, each call a separate JVM as an admin runs it. One
 * server for the class; tests run in order because later ones use what earlier ones created.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTest {
    static ServerProcess server;
    static Cli cli;
    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        cli = new Cli(server, temp.resolve("known_servers"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static Cli.Result ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    static Cli.Result fails(int exit, Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err()).as("one reason, no stack trace").startsWith("switchboard: ").doesNotContain("\tat ").doesNotContain("Exception");
        return r;
    }

    @Test
    @Order(1)
    void trust_firstUseRemembered_laterSilent_changedRefused_insecureSkips() throws Exception {
        Cli own = new Cli(server, temp.resolve("tofu").resolve("known_servers"));
        String hostPort = "127.0.0.1:" + server.adminPort();

        Cli.Result first = ok(own.run("whoami"));
        String fingerprint = opensslFingerprint();
        assertThat(first.err().strip())
                .isEqualTo("Trusting the certificate of " + hostPort + " (SHA-256 " + fingerprint + ") on first use");
        assertThat(first.out()).contains("Admin").contains("SERVER_READ_WRITE");
        assertThat(Files.readAllLines(own.knownServers())).contains(hostPort + " " + fingerprint);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own.knownServers()))).isEqualTo("rw-------");

        assertThat(ok(own.run("whoami")).err()).isEmpty();

        String other = (fingerprint.startsWith("00") ? "11" : "00") + fingerprint.substring(2);
        Files.writeString(own.knownServers(), hostPort + " " + other + "\n");
        Cli.Result refused = fails(7, own.run("whoami"));
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("certificate of " + hostPort + " has changed").contains(fingerprint)
                .contains("remove the line for " + hostPort + " from " + own.knownServers()).contains("--insecure");
        assertThat(refused.err().strip().lines()).hasSize(1);

        assertThat(ok(own.run("whoami", "--insecure")).out()).contains("Admin");
        assertThat(Files.readString(own.knownServers())).as("--insecure neither checks nor remembers").isEqualTo(hostPort + " " + other + "\n");
    }

    /** The fingerprint as openssl computes it from the certificate the server presents. */
    static String opensslFingerprint() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "openssl s_client -connect 127.0.0.1:" + server.adminPort()
                + " </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out.substring(out.indexOf('=') + 1).toUpperCase(Locale.ROOT);
    }

    @Test
    @Order(2)
    void domain_addListSetAliasRename() throws Exception {
        assertThat(ok(cli.run("domain", "add", "Example.COM", "--description", "Main")).out()).contains("example.com created (the primary domain)");
        ok(cli.run("domain", "add", "holmes.test"));
        ok(cli.run("domain", "alias", "add", "example.com", "example.net"));
        JsonNode set = ok(cli.run("domain", "set", "example.com", "--password-min-length", "10", "--max-users", "50", "--json")).json();
        assertThat(set.get("passwordPolicy").get("minLength").asInt()).isEqualTo(10);
        assertThat(set.get("passwordPolicy").get("complexity").asBoolean()).as("unchanged parts of the policy stay").isTrue();
        assertThat(set.get("maxConcurrentUsers").asInt()).isEqualTo(50);
        assertThat(ok(cli.run("domain", "rename", "holmes.test", "baker.test")).out()).contains("now baker.test");
        String table = ok(cli.run("domain", "list")).out();
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("DOMAIN").contains("PRIMARY");
        assertThat(table).containsPattern("example\\.com +yes +0 +example\\.net +Main").containsPattern("baker\\.test .*holmes\\.test");
    }

    @Test
    @Order(3)
    void user_addShowSetPasswdDisableRemove() throws Exception {
        JsonNode alice = ok(cli.run("user", "add", "alice", "--password", "S3cret!pass", "--name", "Alice Smith", "--address", "ali",
                "--quota-mb", "100", "--json")).json();
        assertThat(alice.get("address").asText()).isEqualTo("alice@example.com");
        assertThat(alice.get("fullName").asText()).isEqualTo("Alice Smith");
        assertThat(alice.get("addresses").toString()).contains("ali");
        assertThat(alice.get("quota").get("storageBytes").asLong()).isEqualTo(100L << 20);
        assertThat(ok(cli.run("user", "add", "bob@example.com", "--password", "B0b-Secret!x", "--role", "server-read-only")).out())
                .isEqualTo("User bob@example.com created.\n");

        JsonNode changed = ok(cli.run("user", "set", "alice", "--quota-messages", "5000", "--name", "Alice Jones", "--json")).json();
        assertThat(changed.get("fullName").asText()).isEqualTo("Alice Jones");
        assertThat(changed.get("quota").get("storageBytes").asLong()).as("the MB limit is kept").isEqualTo(100L << 20);
        assertThat(changed.get("quota").get("messages").asLong()).isEqualTo(5000);

        assertThat(ok(cli.run("user", "disable", "bob")).out()).contains("bob@example.com disabled");
        String list = ok(cli.run("user", "list", "--domain", "example.com")).out();
        assertThat(list).containsPattern("alice@example\\.com +Alice Jones +yes +NONE").containsPattern("bob@example\\.com +- +no +SERVER_READ_ONLY");

        // The new password works: alice gets past the password check and is refused only for lacking rights (403).
        ok(cli.run("user", "passwd", "alice", "--password", "N3w-Passw0rd!"));
        Cli.Result asAlice = fails(4, cli.runWith(Map.of("SWITCHBOARD_ADMIN_PASSWORD", "N3w-Passw0rd!"), "--user", "alice@example.com", "whoami"));
        assertThat(asAlice.err()).contains("no administration rights");

        ok(cli.run("user", "remove", "bob"));
        assertThat(fails(5, cli.run("user", "show", "bob")).err()).contains("user bob does not exist");
    }

    @Test
    @Order(4)
    void usersImport_badRowRefusesAll_partialImportsGoodRows_exportRoundTrips() throws Exception {
        Path csv = temp.resolve("users.csv");
        Files.writeString(csv, "Name;Password;FullName;Description;MailAddress;Groups\n"
                + "carol;Car0l-Secret!;Carol C;;caro;importers\n"
                + "bad name;Whatever-1x!;Bad;;;\n"
                + "dave;Dav3-Secret!x;Dave D;;;importers\n");
        Cli.Result refused = fails(2, cli.run("users", "import", csv.toString()));
        assertThat(refused.err()).contains("nothing was imported").contains("\n  line 3: ");
        assertThat(refused.err()).as("no progress bar when stderr is not a terminal").doesNotContain("Importing").doesNotContain("%");

        // Had the refused import created carol, she would now be skipped as existing rather than created.
        Cli.Result partial = ok(cli.run("users", "import", csv.toString(), "--domain", "example.com", "--partial"));
        assertThat(partial.out()).contains("Created 2 user(s):\n  carol@example.com\n  dave@example.com").contains("Created 1 group(s):\n  importers");
        assertThat(partial.err()).contains("  line 3: ");

        Path exported = temp.resolve("export.csv");
        ok(cli.run("users", "export", "--output", exported.toString()));
        assertThat(Files.readString(exported)).startsWith("Name;Password;FullName;Description;MailAddress;Groups")
                .contains("carol;;Carol C;;caro;importers").contains("alice;");
        assertThat(ok(cli.run("users", "export", "--domain", "baker.test")).out().strip()).isEqualTo("Name;Password;FullName;Description;MailAddress;Groups");
    }

    @Test
    @Order(5)
    void usersImport_onATerminal_showsProgressOnStderr() throws Exception {
        Path csv = temp.resolve("more.csv");
        Files.writeString(csv, "Name;Password;FullName\nerin;Er1n-Secret!x;Erin E\nfrank;Fr4nk-Secret!x;Frank F\n");
        Cli.Result r = ok(cli.runInTerminal("users", "import", csv.toString()));
        assertThat(r.out()).contains("Importing more.csv").contains("Created 2 user(s):");
    }

    @Test
    @Order(6)
    void group_addMembersShowRemoveMember() throws Exception {
        ok(cli.run("group", "add", "sales", "--member", "alice", "--address", "team", "--description", "Sales team"));
        assertThat(ok(cli.run("group", "add-member", "sales@example.com", "carol")).out()).contains("carol@example.com added to sales@example.com");
        ok(cli.run("group", "remove-member", "sales", "alice"));
        JsonNode sales = ok(cli.run("group", "show", "sales", "--json")).json();
        assertThat(sales.get("members").toString()).contains("carol@example.com").doesNotContain("alice");
        assertThat(ok(cli.run("group", "list")).out()).containsPattern("importers@example\\.com +2").containsPattern("sales@example\\.com +1 +NONE +Sales team");
    }

    @Test
    @Order(7)
    void alias_addListRemoveByTarget_checkAddressExplains() throws Exception {
        ok(cli.run("alias", "add", "sales*@example.com", "carol@example.com"));
        ok(cli.run("alias", "add", "sales*@example.com", "dave@example.com", "--description", "backup"));
        assertThat(fails(2, cli.run("alias", "remove", "sales*@example.com")).err()).contains("2 targets").contains("dave@example.com");
        ok(cli.run("alias", "remove", "sales*@example.com", "dave@example.com"));
        JsonNode aliases = ok(cli.run("alias", "list", "--domain", "example.com", "--json")).json();
        assertThat(aliases).hasSize(1);
        assertThat(aliases.get(0).get("target").asText()).isEqualTo("carol@example.com");

        List<String> lines = ok(cli.run("check-address", "sales-north@example.com")).out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("carol@example.com  (mailbox)");
        assertThat(lines.subList(1, lines.size())).isNotEmpty().allMatch(l -> l.startsWith("  "));
        assertThat(String.join("\n", lines)).contains("alias sales*@example.com");
    }

    @Test
    @Order(8)
    void definitions_ipGroupTimeRangePolicy() throws Exception {
        ok(cli.run("ipgroup", "add", "Office", "192.0.2.0/24", "--description", "HQ"));
        assertThat(fails(6, cli.run("ipgroup", "add", "Office", "10.0.0.1")).err()).contains("already exists");
        JsonNode office = ok(cli.run("ipgroup", "set", "Office", "192.0.2.0/24", "2001:db8::/32", "--json")).json();
        assertThat(office.get("entries").toString()).contains("2001:db8::/32");
        assertThat(office.get("description").asText()).as("kept").isEqualTo("HQ");

        JsonNode work = ok(cli.run("timerange", "set", "Work", "--weekly", "MON-FRI@08:00-17:00", "--daily", "22:00-06:00",
                "--absolute", "2026-12-24T00:00/2026-12-27T00:00", "--json")).json();
        assertThat(work.get("intervals")).hasSize(3);
        assertThat(ok(cli.run("timerange", "list")).out())
                .contains("MON-FRI 08:00-17:00").contains("daily 22:00-06:00").contains("2026-12-24 00:00 to 2026-12-27 00:00");

        JsonNode policy = ok(cli.run("policy", "set", "OfficeOnly", "--rule", "imap=group:Office", "--rule", "SMTP=allow",
                "--others", "deny", "--json")).json();
        assertThat(policy.get("rules").get("IMAP").get("action").asText()).isEqualTo("ALLOW_FROM_GROUP");
        assertThat(policy.get("others").get("action").asText()).isEqualTo("DENY");
        assertThat(ok(cli.run("policy", "show", "OfficeOnly")).out()).contains("IMAP from group Office").contains("others deny");
        ok(cli.run("timerange", "remove", "Work"));
    }

    @Test
    @Order(9)
    void settingsServicesLogsSecurity() throws Exception {
        assertThat(ok(cli.run("settings", "set", "security", "failures=20", "trustedIpGroup=Office")).out())
                .contains("failures = 20").contains("trustedIpGroup = Office");
        JsonNode logs = ok(cli.run("settings", "set", "logs", "syslog.enabled=true", "syslog.host=192.0.2.9", "--json")).json();
        assertThat(logs.get("syslog").get("enabled").asBoolean()).isTrue();
        assertThat(logs.get("syslog").get("host").asText()).isEqualTo("192.0.2.9");
        assertThat(fails(2, cli.run("settings", "set", "security", "failurs=3")).err()).contains("no setting failurs").contains("failures");
        assertThat(ok(cli.run("settings", "show", "security")).out()).contains("blockIps = true").contains("failures = 20");

        assertThat(ok(cli.run("services")).out()).containsPattern("admin +yes +0\\.0\\.0\\.0:" + server.adminPort() + " +running");
        assertThat(ok(cli.run("logs", "config", "--search", "settings security changed")).out()).contains("Admin (127.0.0.1)");
        assertThat(fails(2, cli.run("logs", "config", "--search", "a(", "--regex")).err()).contains("regular expression");
        assertThat(ok(cli.run("blocked")).out()).contains("No blocked IP addresses.").contains("No locked accounts.");
        assertThat(ok(cli.run("unlock-all", "--json")).json().get("lifted").asInt()).isZero();
    }

    @Test
    @Order(10)
    void failures_exitCodesAndOneLineReasons() throws Exception {
        assertThat(fails(3, cli.runWith(Map.of("SWITCHBOARD_ADMIN_PASSWORD", "wrong"), "whoami")).err())
                .isEqualTo("switchboard: wrong user name or password\n");
        fails(5, cli.run("domain", "show", "nowhere.test"));
        assertThat(fails(6, cli.run("domain", "add", "example.com")).err()).contains("already exists");
        assertThat(fails(2, cli.runWith(Collections.singletonMap("SWITCHBOARD_ADMIN_PASSWORD", null), "whoami")).err())
                .contains("SWITCHBOARD_ADMIN_PASSWORD");
        int closed = ServerProcess.freeOffset();
        assertThat(fails(7, cli.run("whoami", "--port-offset", Integer.toString(closed))).err())
                .startsWith("switchboard: cannot reach the server at https://127.0.0.1:" + (4040 + closed) + ": ");
        assertThat(fails(2, cli.run("user", "add", "--pasword", "x")).err())
                .isEqualTo("switchboard: Unknown option: '--pasword' (see: switchboard admin user add --help)\n");
    }

    @Test
    @Order(11)
    void adminPassword_changedThenUsable() throws Exception {
        ok(cli.run("admin-password", "--password", "An0ther-Secret!"));
        Map<String, String> fresh = Map.of("SWITCHBOARD_ADMIN_PASSWORD", "An0ther-Secret!");
        assertThat(ok(cli.runWith(fresh, "whoami", "--json")).json().get("builtinAdmin").asBoolean()).isTrue();
        ok(cli.runWith(fresh, "admin-password", "--password", ServerProcess.ADMIN_PASSWORD));
        fails(3, cli.runWith(fresh, "whoami"));
    }

    /** Every verb answers --help without contacting the server (no password needed). */
    @Test
    @Order(12)
    void help_everyVerbFamily() throws Exception {
        List<String> families = new ArrayList<>(List.of("domain", "user", "users", "group", "alias", "check-address", "ipgroup", "timerange",
                "policy", "unlock-all", "blocked", "settings", "services", "logs", "admin-password", "whoami"));
        Cli.Result help = ok(cli.runWith(Collections.singletonMap("SWITCHBOARD_ADMIN_PASSWORD", null), "--help"));
        for (String f : families) assertThat(help.out()).contains("  " + f + " ");
        assertThat(help.out()).contains("Exit status:");
    }
}
