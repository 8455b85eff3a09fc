package org.switchboard.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.store.mail.MailStore;

/**
 * Runs a protocol script against in-memory sessions. Lines:
 * <pre>
 * # comment
 * C: text            client 1 sends text + CRLF (C2:, C3: for more connections)
 * S: text            the next line from server 1 matches text; {*} matches anything, {$v} captures v
 * ! login 2 bob      connection 2 logs in as bob@example.com (its greeting and OK are consumed)
 * ! deliver alice INBOX Some subject     a message arrives in alice's INBOX (as SMTP would deliver it)
 * ! deliver-file alice INBOX multipart.eml   the same with a message from imap/messages/
 * ! quiet 2          nothing arrives on connection 2 for a moment
 * ! insecure         connections opened from now on are not TLS-protected
 * ! public-folder News anyone lr       a public folder with one ACL entry
 * ! deliver #archive 2026-11-16 Subj   a message in an archive folder (created when missing)
 * ! archive-access carol              carol gets the archive right until the script ends
 * </pre>
 * Connections open on first use; their greeting is checked and consumed.
 */
final class ScriptRunner {
    private static final Pattern LINE = Pattern.compile("^([CS])(\\d?):\\s?(.*)$");
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final ImapFixture fixture;
    private final MailStore store;
    private final ImapService service;
    private final Map<Integer, InMemoryConnection> connections = new HashMap<>();
    private final List<String> transcript = new ArrayList<>();
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> archiveReaders = new ArrayList<>();
    private boolean secure = true;
    private int delivered;

    ScriptRunner(ImapFixture fixture, MailStore store) {
        this.fixture = fixture;
        this.store = store;
        this.service = fixture.service(store);
    }

    void run(String name, String script) throws Exception {
        String[] lines = script.split("\n", -1);
        try {
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                if (line.isBlank() || line.startsWith("#")) continue;
                try {
                    step(line);
                } catch (AssertionError | IOException e) {
                    throw new AssertionError(name + ":" + (i + 1) + ": " + e.getMessage() + "\n--- transcript ---\n" + String.join("\n", transcript), e);
                }
            }
        } finally {
            for (InMemoryConnection c : connections.values()) c.close();
            for (String user : archiveReaders) {
                fixture.directory.updateUser(org.switchboard.core.Actor.SERVER, user + "@example.com",
                        new org.switchboard.core.directory.UserChange(null, null, null, null, null, null, null, null, false));
            }
        }
    }

    private void step(String line) throws IOException {
        if (line.startsWith("!")) {
            directive(line.substring(1).trim());
            return;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) throw new AssertionError("not a script line: " + line);
        int n = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
        String text = m.group(3);
        InMemoryConnection c = connection(n);
        if (m.group(1).equals("C")) {
            for (var v : variables.entrySet()) text = text.replace("{$" + v.getKey() + "}", v.getValue());
            transcript.add("C" + n + ": " + text);
            c.send(text);
        } else {
            String got = c.readLine(WAIT);
            transcript.add("S" + n + ": " + got);
            if (got == null) throw new AssertionError("connection " + n + " closed, expected: " + text);
            if (!matches(text, got, variables)) throw new AssertionError("expected: " + text + "\n     got: " + got);
        }
    }

    private void directive(String d) throws IOException {
        String[] p = d.split("\\s+", 4);
        switch (p[0]) {
            case "insecure" -> secure = false;
            case "login" -> {
                int n = Integer.parseInt(p[1]);
                InMemoryConnection c = connection(n);
                String tag = "L" + n;
                c.send(tag + " LOGIN " + p[2] + "@example.com " + ImapFixture.PASSWORD);
                String got = c.readLine(WAIT);
                transcript.add("S" + n + ": " + got);
                if (got == null || !got.startsWith(tag + " OK")) throw new AssertionError("login of " + p[2] + " failed: " + got);
            }
            case "deliver-file" -> {
                // ! deliver-file alice INBOX multipart.eml : a message from test resources imap/messages/.
                store.ensureDefaultMailboxes(fixture.userId(p[1]));
                long mailbox = store.mailbox(fixture.userId(p[1]), p[2]).orElseThrow().id();
                try (InputStream in = getClass().getResourceAsStream("/imap/messages/" + p[3])) {
                    if (in == null) throw new AssertionError("no message file " + p[3]);
                    store.append(mailbox, in, Set.of(), Instant.parse("2024-03-01T10:00:00Z"), MailStore.Source.SMTP_DELIVERY, Long.MAX_VALUE);
                }
                delivered++;
            }
            case "public-folder" -> {
                // ! public-folder News anyone lr : a public folder (store account #public) with one ACL entry.
                var box = store.create("#public", p[1], null);
                store.setAcl(box.id(), p[2], p[3]);
            }
            case "archive-access" -> {
                fixture.directory.updateUser(org.switchboard.core.Actor.SERVER, p[1] + "@example.com",
                        new org.switchboard.core.directory.UserChange(null, null, null, null, null, null, null, null, true));
                archiveReaders.add(p[1]);
            }
            case "deliver" -> {
                String subject = p.length > 3 ? p[3] : "Message " + (delivered + 1);
                String account = p[1].startsWith("#") ? p[1] : fixture.userId(p[1]);
                if (!p[1].startsWith("#")) store.ensureDefaultMailboxes(account);
                if (p[1].equals("#archive") && store.mailbox(account, p[2]).isEmpty()) store.create(account, p[2], null);
                long mailbox = store.mailbox(account, p[2]).orElseThrow().id();
                store.append(mailbox, message(subject), Set.of(), Instant.parse("2024-03-0" + (1 + delivered % 9) + "T10:00:00Z"),
                        MailStore.Source.SMTP_DELIVERY, Long.MAX_VALUE);
                delivered++;
                transcript.add("!  delivered '" + subject + "' to " + p[1] + "/" + p[2]);
            }
            case "quiet" -> {
                int n = Integer.parseInt(p[1]);
                String got;
                try {
                    got = connection(n).readLine(QUIET);
                } catch (IOException e) {
                    got = null;
                    if (!e.getMessage().contains("got ''")) throw new AssertionError("partial output on connection " + n + ": " + e.getMessage());
                }
                if (got != null) {
                    transcript.add("S" + n + ": " + got);
                    throw new AssertionError("connection " + n + " should be quiet but sent: " + got);
                }
            }
            default -> throw new AssertionError("unknown directive " + d);
        }
    }

    private InputStream message(String subject) {
        String text = "From: Sender <sender@example.net>\r\nTo: alice@example.com\r\nSubject: " + subject
                + "\r\nDate: Fri, 1 Mar 2024 10:00:00 +0000\r\nMessage-ID: <m" + delivered + "@example.net>\r\n\r\nBody of " + subject + "\r\n";
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private InMemoryConnection connection(int n) throws IOException {
        InMemoryConnection c = connections.get(n);
        if (c != null) return c;
        c = new InMemoryConnection(service, secure);
        connections.put(n, c);
        String greeting = c.readLine(WAIT);
        transcript.add("S" + n + ": " + greeting);
        if (greeting == null || !greeting.startsWith("* OK [CAPABILITY ")) throw new AssertionError("bad greeting: " + greeting);
        return c;
    }

    private static final Pattern TOKEN = Pattern.compile("\\{\\*}|\\{\\$(\\w+)}");

    /**
     * Literal text, where {*} matches any run of characters and {$name} matches a run without spaces,
     * remembered as a variable for later C: lines (or matched against it when already known).
     */
    static boolean matches(String expected, String actual, Map<String, String> variables) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher t = TOKEN.matcher(expected);
        int last = 0;
        while (t.find()) {
            regex.append(Pattern.quote(expected.substring(last, t.start())));
            if (t.group(1) == null) {
                regex.append(".*");
            } else if (variables.containsKey(t.group(1))) {
                regex.append(Pattern.quote(variables.get(t.group(1))));
            } else {
                regex.append("([^ ()\\[\\]]+)");
                names.add(t.group(1));
            }
            last = t.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual);
        if (!m.matches()) return false;
        for (int i = 0; i < names.size(); i++) variables.put(names.get(i), m.group(i + 1));
        return true;
    }
}
