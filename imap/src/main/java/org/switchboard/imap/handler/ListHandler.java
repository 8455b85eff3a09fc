package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapRequest.ListReturn;
import org.switchboard.imap.codec.ImapRequest.ListSelect;

/**
 * LIST (RFC 9051 §6.3.9) with LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154), CHILDREN (RFC 3348) and
 * LIST-STATUS (RFC 5819). Every visible mailbox is considered under its client name; levels that exist
 * only as parents of visible mailboxes ("~bob@example.com", "#public") are listed as non-selectable.
 */
final class ListHandler {
    /** One name in the hierarchy the user sees; {@code target} null for a level without a mailbox. */
    record Node(String name, MailboxAccess.Target target) {}

    void handle(ImapSession s, ImapRequest.ListMailboxes r) throws IOException {
        boolean extended = !r.select().isEmpty() || !r.returns().isEmpty() || r.patterns().size() > 1;
        if (!extended && r.patterns().get(0).isEmpty()) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and the root.
            s.out().untagged().raw("LIST (\\Noselect) \"/\" \"\"").end();
            s.ok(r, null, "LIST completed");
            return;
        }
        Map<String, Node> tree = tree(s);
        List<Pattern> patterns = new ArrayList<>();
        for (String p : r.patterns()) if (!p.isEmpty()) patterns.add(compile(r.reference(), p));
        boolean subscribedOnly = r.select().contains(ListSelect.SUBSCRIBED);
        boolean specialOnly = r.select().contains(ListSelect.SPECIAL_USE);
        boolean recursive = r.select().contains(ListSelect.RECURSIVEMATCH);
        boolean showSubscribed = subscribedOnly || r.returns().contains(ListReturn.SUBSCRIBED);
        boolean nonExistent = extended || s.rev2();
        for (Node node : tree.values()) {
            if (patterns.stream().noneMatch(p -> p.matcher(node.name()).matches())) continue;
            boolean selected = node.target() != null
                    && (!subscribedOnly || subscribed(node.target()))
                    && (!specialOnly || node.target().mailbox().specialUse() != null && node.target().mailbox().specialUse().attribute != null);
            String childInfo = null;
            if (!selected && recursive && subscribedOnly && hasSubscribedDescendant(tree, node.name())) childInfo = "SUBSCRIBED";
            if (!selected && childInfo == null) {
                // Basic LIST shows levels that only hold other mailboxes (RFC 9051 §6.3.9 "\Noselect").
                if (node.target() != null || subscribedOnly || specialOnly) continue;
            }
            List<String> attributes = new ArrayList<>();
            if (node.target() == null) attributes.add(nonExistent ? "\\NonExistent" : "\\Noselect");
            else if (!node.target().has('r') && !node.target().has('l')) attributes.add("\\Noselect");
            attributes.add(hasChildren(tree, node.name()) ? "\\HasChildren" : "\\HasNoChildren");
            if (node.target() != null) {
                if (showSubscribed && subscribed(node.target())) attributes.add("\\Subscribed");
                var use = node.target().mailbox().specialUse();
                if (use != null && use.attribute != null) attributes.add(use.attribute);
            }
            s.out().untagged().raw("LIST (").raw(String.join(" ", attributes)).raw(") \"/\" ").mailbox(node.name());
            if (childInfo != null) s.out().raw(" (\"CHILDINFO\" (\"" + childInfo + "\"))");
            s.out().end();
            if (r.returns().contains(ListReturn.STATUS) && node.target() != null && node.target().has('r') && selected) {
                StatusItems.write(s, node.name(), node.target().mailbox(), r.status());
            }
        }
        s.ok(r, null, "LIST completed");
    }

    /** All visible names plus their missing parent levels, INBOX first then in name order. */
    static Map<String, Node> tree(ImapSession s) {
        Map<String, Node> tree = new TreeMap<>(Comparator.comparing((String n) -> !n.equals("INBOX") && !n.startsWith("INBOX/"))
                .thenComparing(Comparator.naturalOrder()));
        for (MailboxAccess.Target t : MailboxAccess.all(s)) tree.put(t.clientName(), new Node(t.clientName(), t));
        for (String name : List.copyOf(tree.keySet())) {
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                tree.putIfAbsent(name.substring(0, i), new Node(name.substring(0, i), null));
            }
        }
        return tree;
    }

    static boolean subscribed(MailboxAccess.Target t) {
        return !t.own() || t.mailbox().subscribed();
    }

    private static boolean hasChildren(Map<String, Node> tree, String name) {
        String prefix = name + "/";
        return tree.keySet().stream().anyMatch(n -> n.startsWith(prefix));
    }

    private static boolean hasSubscribedDescendant(Map<String, Node> tree, String name) {
        String prefix = name + "/";
        return tree.values().stream().anyMatch(n -> n.name().startsWith(prefix) && n.target() != null && subscribed(n.target()));
    }

    /**
     * RFC 9051 §6.3.9: reference and pattern joined; "*" matches anything, "%" anything but the delimiter.
     * INBOX matches in any case.
     */
    static Pattern compile(String reference, String pattern) {
        String full = reference.isEmpty() || pattern.startsWith(MailboxAccess.OTHER_PREFIX) || pattern.startsWith("#") ? pattern : reference + pattern;
        if (full.regionMatches(true, 0, "INBOX", 0, 5) && (full.length() == 5 || full.charAt(5) == '/')) full = "INBOX" + full.substring(5);
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : full.toCharArray()) {
            if (c == '*' || c == '%') {
                if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : "[^/]*");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
