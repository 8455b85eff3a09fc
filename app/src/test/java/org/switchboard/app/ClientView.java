package org.switchboard.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one client knows of its selected mailbox, built only from the server's responses the way a real
 * client must (EXISTS, EXPUNGE, FETCH UID/FLAGS), and a checker of every response against the ordering
 * rules: no EXPUNGE outside a command or while FETCH, STORE or SEARCH by number runs (RFC 9051 §7.5.1);
 * EXISTS never shrinks the mailbox (§7.4.1); no message number or new UID before the EXISTS that makes
 * room for it (§7.4.1, RFC 4315 §3); a number always names the UID the client was told. Single-threaded.
 */
final class ClientView {
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
    private static final Pattern EXPUNGE = Pattern.compile("^\\* (\\d+) EXPUNGE$");
    private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH \\((.*)\\)$");
    private static final Pattern UID = Pattern.compile("(?:^|[ (])UID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("(?:^|[ (])FLAGS \\(([^)]*)\\)");
    private static final Pattern SEARCH = Pattern.compile("^\\* SEARCH((?: \\d+)*)$");

    private final String name;
    /** Message number - 1 to UID; null where the client knows a message exists but not its UID yet. */
    private final List<Long> slots = new ArrayList<>();
    private final Map<Long, Set<String>> flags = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private int expunges;

    ClientView(String name) {
        this.name = name;
    }

    int count() { return slots.size(); }

    List<String> violations() { return List.copyOf(violations); }

    int expungesSeen() { return expunges; }

    /** UIDs the client knows, in message number order. */
    List<Long> knownUids() {
        List<Long> out = new ArrayList<>();
        for (Long u : slots) if (u != null) out.add(u);
        return out;
    }

    /** A known UID picked by {@code pick} (an index into the known ones), or 0 when none is known. */
    long knownUid(int pick) {
        List<Long> k = knownUids();
        return k.isEmpty() ? 0 : k.get(Math.floorMod(pick, k.size()));
    }

    /** Flags the client was told, by UID, for the messages still in its view. */
    Map<Long, Set<String>> knownFlags() {
        Map<Long, Set<String>> out = new TreeMap<>();
        for (Long u : slots) if (u != null && flags.containsKey(u)) out.put(u, Set.copyOf(flags.get(u)));
        return out;
    }

    /**
     * Checks and applies the responses of one command. {@code command} is the command as sent (without tag);
     * {@code selectedTarget} tells whether an APPEND went to the selected mailbox.
     */
    void apply(String command, ImapWire.Reply reply, boolean selectedTarget) {
        String verb = verb(command);
        boolean uidCommand = command.regionMatches(true, 0, "UID ", 0, 4);
        for (ImapWire.Line line : reply.untagged()) apply(verb, uidCommand, line);
        if (reply.status().equals("BAD")) violate(command, "tagged BAD: " + reply.text());
        String appendUid = reply.code("APPENDUID");
        if (appendUid != null && selectedTarget) {
            long uid = Long.parseLong(appendUid.split(" ")[1]);
            if (!placeable(uid)) violate(command, "APPENDUID " + uid + " before an EXISTS made room for it (count " + count() + ")");
        }
    }

    private void apply(String verb, boolean uidCommand, ImapWire.Line line) {
        String t = line.text();
        Matcher m;
        if ((m = EXPUNGE.matcher(t)).matches()) {
            if (!line.duringCommand()) violate(verb, "EXPUNGE with no command in progress: " + t);
            if (!uidCommand && (verb.equals("FETCH") || verb.equals("STORE") || verb.equals("SEARCH"))) {
                violate(verb, "EXPUNGE while responding to " + verb + ": " + t);
            }
            int n = Integer.parseInt(m.group(1));
            if (n < 1 || n > count()) {
                violate(verb, t + " but the client knows " + count() + " messages");
                return;
            }
            expunges++;
            Long gone = slots.remove(n - 1);
            if (gone != null) flags.remove(gone);
        } else if ((m = EXISTS.matcher(t)).matches()) {
            int n = Integer.parseInt(m.group(1));
            if (n < count()) violate(verb, t + " shrinks the mailbox from " + count());
            while (slots.size() < n) slots.add(null);
        } else if ((m = FETCH.matcher(t)).matches()) {
            int n = Integer.parseInt(m.group(1));
            if (n < 1 || n > count()) {
                violate(verb, "FETCH for message " + n + " but EXISTS said " + count() + ": " + t);
                return;
            }
            Matcher u = UID.matcher(m.group(2));
            Long uid = slots.get(n - 1);
            if (u.find()) {
                long told = Long.parseLong(u.group(1));
                if (uid != null && uid != told) {
                    violate(verb, "message " + n + " is UID " + uid + " but FETCH says UID " + told);
                    return;
                }
                if (uid == null) {
                    if (!fitsAt(n - 1, told)) {
                        violate(verb, "UID " + told + " at message " + n + " breaks the UID order " + slots);
                        return;
                    }
                    slots.set(n - 1, told);
                    uid = told;
                }
            }
            Matcher f = FLAGS.matcher(m.group(2));
            if (f.find() && uid != null) flags.put(uid, parseFlags(f.group(1)));
        } else if ((m = SEARCH.matcher(t)).matches()) {
            for (String s : m.group(1).trim().split(" ")) {
                if (s.isEmpty()) continue;
                long v = Long.parseLong(s);
                if (uidCommand ? !placeable(v) : (v < 1 || v > count())) {
                    violate(verb, (uidCommand ? "UID " : "message ") + v + " in SEARCH before EXISTS made room for it: " + t);
                }
            }
        } else if (t.startsWith("* BYE")) {
            if (!verb.equals("LOGOUT")) violate(verb, "unexpected " + t);
        }
    }

    /** Whether UID {@code uid} is known or fits an unknown slot between the known UIDs around it. */
    boolean placeable(long uid) {
        int lo = 0;
        int hi = slots.size();
        for (int i = 0; i < slots.size(); i++) {
            Long u = slots.get(i);
            if (u == null) continue;
            if (u == uid) return true;
            if (u < uid) lo = i + 1;
            else if (u > uid && i < hi) {
                hi = i;
                break;
            }
        }
        for (int i = lo; i < hi; i++) if (slots.get(i) == null) return true;
        return false;
    }

    private boolean fitsAt(int index, long uid) {
        for (int i = index - 1; i >= 0; i--) {
            Long u = slots.get(i);
            if (u != null) {
                if (u >= uid) return false;
                break;
            }
        }
        for (int i = index + 1; i < slots.size(); i++) {
            Long u = slots.get(i);
            if (u != null) return u > uid;
        }
        return true;
    }

    static Set<String> parseFlags(String list) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        out.addAll(Arrays.asList(list.trim().split(" +")));
        out.remove("");
        out.remove("\\Recent");
        return new LinkedHashSet<>(out);
    }

    private static String verb(String command) {
        String[] words = command.trim().split(" +");
        return (words[0].equalsIgnoreCase("UID") && words.length > 1 ? words[1] : words[0]).toUpperCase(java.util.Locale.ROOT);
    }

    private void violate(String verb, String what) {
        violations.add(name + " " + verb + ": " + what);
    }
}
