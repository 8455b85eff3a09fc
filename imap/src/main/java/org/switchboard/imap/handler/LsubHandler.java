package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;

/**
 * LSUB (RFC 3501 §6.3.9, deprecated by RFC 9051 but still used): subscribed mailboxes matching the
 * pattern; a level that "%" stops at while a subscribed mailbox lies below it is shown as \Noselect.
 */
final class LsubHandler {
    void handle(ImapSession s, ImapRequest.Lsub r) throws IOException {
        if (r.pattern().isEmpty()) {
            s.out().untagged().raw("LSUB (\\Noselect) \"/\" \"\"").end();
            s.ok(r, null, "LSUB completed");
            return;
        }
        Pattern pattern = ListHandler.compile(r.reference(), r.pattern());
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (ListHandler.Node node : ListHandler.tree(s).values()) {
            if (node.target() == null || !ListHandler.subscribed(node.target())) continue;
            if (pattern.matcher(node.name()).matches()) {
                out.put(node.name(), true);
                continue;
            }
            for (int i = node.name().indexOf('/'); i > 0; i = node.name().indexOf('/', i + 1)) {
                String parent = node.name().substring(0, i);
                if (pattern.matcher(parent).matches()) out.putIfAbsent(parent, false);
            }
        }
        for (var e : out.entrySet()) {
            s.out().untagged().raw(e.getValue() ? "LSUB () \"/\" " : "LSUB (\\Noselect) \"/\" ").mailbox(e.getKey()).end();
        }
        s.ok(r, null, "LSUB completed");
    }
}
