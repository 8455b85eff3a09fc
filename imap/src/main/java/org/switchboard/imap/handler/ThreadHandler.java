package org.switchboard.imap.handler;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.store.mail.MessageMeta;

/**
 * THREAD and UID THREAD (RFC 5256 §4) with ORDEREDSUBJECT and REFERENCES. REFERENCES follows the
 * algorithm of §4 step by step: link by References/In-Reply-To, find the roots, prune empty containers,
 * gather roots by base subject, sort siblings by date (sequence number breaking ties).
 */
final class ThreadHandler {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    /** A node of the thread tree; {@code uid} 0 for a placeholder of a message that is not in the set. */
    private static final class Node {
        long uid;
        Instant date;
        int seq;
        String subject;
        Node parent;
        final List<Node> children = new ArrayList<>();

        boolean dummy() { return uid == 0; }
    }

    void handle(ImapSession s, ImapRequest.ThreadMessages r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        SearchEvaluator evaluator = new SearchEvaluator(s);
        List<Node> messages = new ArrayList<>();
        for (long uid : evaluator.evaluate(r.key())) {
            Node n = new Node();
            n.uid = uid;
            n.seq = mailbox.seqOf(uid);
            n.date = SortHandler.sentDate(mailbox, evaluator, uid);
            MessageMeta meta = evaluator.meta(uid);
            n.subject = meta == null || meta.subject() == null ? "" : meta.subject();
            messages.add(n);
        }
        List<Node> roots = r.algorithm().equals("ORDEREDSUBJECT") ? orderedSubject(messages) : references(messages, evaluator);
        // RFC 5256 §4: "THREAD" [SP 1*thread-list], the lists not separated.
        StringBuilder b = new StringBuilder("THREAD");
        if (!roots.isEmpty()) b.append(' ');
        for (Node root : roots) b.append('(').append(members(root, r.uid())).append(')');
        s.out().untagged().raw(b.toString()).end();
        s.ok(r, null, r.command() + " completed");
    }

    /** RFC 5256 §4 ORDEREDSUBJECT: one thread per base subject; the first message is parent of the others. */
    private static List<Node> orderedSubject(List<Node> messages) {
        Map<String, List<Node>> bySubject = new LinkedHashMap<>();
        List<Node> sorted = new ArrayList<>(messages);
        sorted.sort(BY_DATE);
        for (Node n : sorted) bySubject.computeIfAbsent(BaseSubject.of(n.subject), k -> new ArrayList<>()).add(n);
        List<Node> roots = new ArrayList<>();
        for (List<Node> group : bySubject.values()) {
            Node first = group.get(0);
            for (Node child : group.subList(1, group.size())) {
                child.parent = first;
                first.children.add(child);
            }
            roots.add(first);
        }
        roots.sort(BY_DATE);
        return roots;
    }

    private static List<Node> references(List<Node> messages, SearchEvaluator evaluator) {
        Map<String, Node> ids = new HashMap<>();
        int unique = 0;
        // Step 1: link messages by their references.
        for (Node m : messages) {
            MessageMeta meta = evaluator.meta(m.uid);
            String id = meta == null ? null : firstId(meta.messageId());
            Node container = id == null ? null : ids.get(id);
            if (id == null || (container != null && !container.dummy())) {
                id = "\0unique" + unique++;
                container = null;
            }
            if (container == null) {
                container = m;
                ids.put(id, m);
            } else {
                // A placeholder created by an earlier reference becomes this message.
                container.uid = m.uid;
                container.seq = m.seq;
                container.date = m.date;
                container.subject = m.subject;
                m.uid = -1;
            }
            List<String> refs = meta == null ? List.of() : allIds(meta.references());
            if (refs.isEmpty() && meta != null) {
                String reply = firstId(meta.inReplyTo());
                if (reply != null) refs = List.of(reply);
            }
            Node previous = null;
            for (String ref : refs) {
                Node rc = ids.computeIfAbsent(ref, k -> new Node());
                if (previous != null && rc.parent == null && rc != previous && !reaches(rc, previous)) link(previous, rc);
                previous = rc;
            }
            unlink(container);
            if (previous != null && previous != container && !reaches(container, previous)) link(previous, container);
        }
        messages.removeIf(n -> n.uid == -1);
        // Step 2: the root set.
        List<Node> roots = new ArrayList<>();
        for (Node n : ids.values()) if (n.parent == null) roots.add(n);
        // Step 4: prune empty containers.
        roots = prune(roots, true);
        // Step 5: gather roots with the same base subject.
        roots = groupBySubject(roots);
        // Step 6: sort every level by date.
        sortTree(roots);
        return roots;
    }

    private static List<Node> prune(List<Node> level, boolean root) {
        List<Node> out = new ArrayList<>();
        for (Node n : level) {
            List<Node> kids = prune(new ArrayList<>(n.children), false);
            n.children.clear();
            n.children.addAll(kids);
            for (Node k : kids) k.parent = n;
            if (n.dummy() && n.children.isEmpty()) continue;
            // An empty container is replaced by its children, except that several children are not promoted to the root.
            if (n.dummy() && (!root || n.children.size() == 1)) {
                for (Node k : n.children) k.parent = root ? null : n.parent;
                out.addAll(n.children);
                continue;
            }
            out.add(n);
        }
        return out;
    }

    private static List<Node> groupBySubject(List<Node> roots) {
        Map<String, Node> table = new HashMap<>();
        for (Node n : roots) {
            String subject = subjectOf(n);
            if (subject.isEmpty()) continue;
            Node old = table.get(subject);
            if (old == null || (n.dummy() && !old.dummy())
                    || (!old.dummy() && BaseSubject.isReply(old.subject) && !n.dummy() && !BaseSubject.isReply(n.subject))) {
                table.put(subject, n);
            }
        }
        List<Node> out = new ArrayList<>();
        for (Node n : roots) {
            if (n.parent != null) continue;   // already gathered under another root
            String subject = subjectOf(n);
            Node keeper = subject.isEmpty() ? null : table.get(subject);
            if (keeper == null || keeper == n) {
                if (!out.contains(n)) out.add(n);
                continue;
            }
            if (keeper.dummy() && n.dummy()) {
                for (Node k : n.children) {
                    k.parent = keeper;
                    keeper.children.add(k);
                }
            } else if (keeper.dummy()) {
                n.parent = keeper;
                keeper.children.add(n);
            } else if (!n.dummy() && BaseSubject.isReply(n.subject) && !BaseSubject.isReply(keeper.subject)) {
                n.parent = keeper;
                keeper.children.add(n);
            } else {
                Node dummy = new Node();
                int at = out.indexOf(keeper);
                dummy.children.add(keeper);
                dummy.children.add(n);
                keeper.parent = dummy;
                n.parent = dummy;
                table.put(subject, dummy);
                if (at >= 0) out.set(at, dummy);
                else out.add(dummy);
            }
            if (!out.contains(keeper) && !out.contains(table.get(subject))) out.add(table.get(subject));
        }
        return out;
    }

    private static String subjectOf(Node n) {
        if (!n.dummy()) return BaseSubject.of(n.subject);
        return n.children.isEmpty() ? "" : BaseSubject.of(n.children.get(0).subject);
    }

    private static final Comparator<Node> BY_DATE = Comparator.comparing((Node n) -> n.date == null ? Instant.EPOCH : n.date)
            .thenComparingInt(n -> n.seq);

    private static void sortTree(List<Node> level) {
        for (Node n : level) sortTree(n.children);
        for (Node n : level) {
            // RFC 5256 §4 step 6: an empty container sorts by its first child.
            if (n.dummy() && !n.children.isEmpty()) {
                n.date = n.children.get(0).date;
                n.seq = n.children.get(0).seq;
            }
        }
        level.sort(BY_DATE);
    }

    /** thread-members / thread-nested of RFC 5256 §4: a chain of single children, then nested lists. */
    private static String members(Node n, boolean uid) {
        StringBuilder b = new StringBuilder();
        if (!n.dummy()) b.append(uid ? n.uid : n.seq);
        if (n.children.size() == 1 && !n.dummy()) {
            b.append(' ').append(members(n.children.get(0), uid));
        } else if (!n.children.isEmpty()) {
            for (Node k : n.children) {
                if (!b.isEmpty() && b.charAt(b.length() - 1) != ')') b.append(' ');
                b.append('(').append(members(k, uid)).append(')');
            }
        }
        return b.toString();
    }

    private static void link(Node parent, Node child) {
        child.parent = parent;
        parent.children.add(child);
    }

    private static void unlink(Node n) {
        if (n.parent != null) {
            n.parent.children.remove(n);
            n.parent = null;
        }
    }

    /** Whether {@code descendant} is {@code ancestor} or below it (a link would make a loop). */
    private static boolean reaches(Node ancestor, Node descendant) {
        for (Node p = descendant; p != null; p = p.parent) if (p == ancestor) return true;
        return false;
    }

    private static String firstId(String header) {
        if (header == null) return null;
        Matcher m = MESSAGE_ID.matcher(header);
        return m.find() ? m.group() : null;
    }

    private static List<String> allIds(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) return out;
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) out.add(m.group());
        return out;
    }
}
