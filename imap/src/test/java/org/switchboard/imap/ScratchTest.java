package org.switchboard.imap;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void dump() throws Exception {
        try (ImapFixture f = new ImapFixture()) {
            MemoryMailStore store = new MemoryMailStore();
            store.ensureDefaultMailboxes(f.userId("alice"));
            long box = store.mailbox(f.userId("alice"), "INBOX").orElseThrow().id();
            try (var in = getClass().getResourceAsStream("/imap/messages/multipart.eml")) {
                store.append(box, in, java.util.Set.of(), java.time.Instant.parse("2024-03-01T10:00:00Z"), org.switchboard.store.mail.MailStore.Source.SMTP_DELIVERY, Long.MAX_VALUE);
            }
            InMemoryConnection c = new InMemoryConnection(f.service(store), true);
            String[] commands = System.getProperty("cmds").split("\\|");
            StringBuilder out = new StringBuilder();
            out.append(c.readLine(Duration.ofSeconds(2))).append('\n');
            for (String cmd : commands) {
                c.send(cmd);
                out.append("C: ").append(cmd).append('\n');
                String tag = cmd.split(" ")[0];
                while (true) {
                    String line = c.readLine(Duration.ofSeconds(2));
                    out.append("S: ").append(line).append('\n');
                    if (line == null || line.startsWith(tag + " ")) break;
                }
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/scratch.txt"), out.toString());
            c.close();
        }
    }
}
