package org.switchboard.smtp.lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.json.Json;

/**
 * The mailing lists, one JSON file each under {@code <data>/lists}, kept in memory for routing.
 * Names follow the guide (part 1 §19): no dot, no reserved suffix, not the name of a user, group
 * or alias. Changes take {@code lock}, write the file atomically and then the Config log; reads
 * are lock-free. Also answers "is this address a list or one of its special addresses".
 */
public final class MailingLists {
    /** What an address means for a list. */
    public enum Role { POST, SUBSCRIBE, UNSUBSCRIBE, HELP, OWNER, CONFIRM }

    public record Match(MailingList list, Role role, String token) {}

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{16,64}");
    private static final List<String> RESERVED = List.of("subscribe", "unsubscribe", "help", "owner", "owners", "confirm");

    private final Path dir;
    private final Directory directory;
    private final Map<String, MailingList> lists = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public MailingLists(Path dir, Directory directory) throws IOException {
        this.dir = dir;
        this.directory = directory;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : s) {
                MailingList l = Json.read(Files.readString(p), MailingList.class);
                lists.put(l.address(), l);
            }
        }
    }

    public List<MailingList> list() { return lists.values().stream().sorted(java.util.Comparator.comparing(MailingList::address)).toList(); }

    public Optional<MailingList> get(String address) { return Optional.ofNullable(lists.get(address.toLowerCase(Locale.ROOT))); }

    /** Creates or replaces a list after checking its name (guide part 1 §19 "Create"). */
    public MailingList put(Actor actor, MailingList l) throws IOException {
        if (!NAME.matcher(l.name()).matches()) throw new IllegalArgumentException("list name may use a-z, 0-9, '-' and '_' (no dot)");
        for (String r : RESERVED) {
            if (l.name().endsWith("-" + r)) throw new IllegalArgumentException("list name must not end with -" + r);
        }
        if (directory.canonicalDomain(l.domain()).isEmpty()) throw new IllegalArgumentException(l.domain() + " is not a local domain");
        if (directory.user(l.address()).isPresent() || directory.group(l.address()).isPresent()
                || directory.aliases(l.domain()).stream().anyMatch(a -> a.pattern().equals(l.name()))) {
            throw new IllegalArgumentException(l.address() + " is already a user, group or alias");
        }
        lock.lock();
        try {
            write(l);
            MailingList before = lists.put(l.address(), l);
            if (before == null) ConfigLog.created(actor, "mailing list " + l.address());
            else ConfigLog.changed(actor, "mailing list " + l.address(), before, l);
            return l;
        } finally {
            lock.unlock();
        }
    }

    public void remove(Actor actor, String address) throws IOException {
        lock.lock();
        try {
            MailingList l = lists.remove(address.toLowerCase(Locale.ROOT));
            if (l == null) throw new IllegalArgumentException("no mailing list " + address);
            Files.deleteIfExists(dir.resolve(l.address() + ".json"));
            ConfigLog.removed(actor, "mailing list " + l.address());
        } finally {
            lock.unlock();
        }
    }

    /** Adds or removes one member; returns whether anything changed. */
    boolean setMember(String listAddress, String email, String fullName, boolean member) throws IOException {
        lock.lock();
        try {
            MailingList l = lists.get(listAddress);
            if (l == null || l.isMember(email) == member) return false;
            List<MailingList.Member> m = new ArrayList<>(l.members());
            if (member) m.add(new MailingList.Member(email, fullName));
            else m.removeIf(x -> x.email().equalsIgnoreCase(email));
            MailingList after = l.withMembers(m);
            write(after);
            lists.put(after.address(), after);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Member CSV import (guide part 1 §19): a header row with {@code Email} and optionally
     * {@code FullName}, separated by ',' or ';'. Returns how many members were added; bad rows are
     * reported in the exception and nothing is imported.
     */
    public int importMembers(Actor actor, String listAddress, String csv) throws IOException {
        MailingList l = get(listAddress).orElseThrow(() -> new IllegalArgumentException("no mailing list " + listAddress));
        String[] lines = csv.replace("\r", "").split("\n");
        if (lines.length == 0 || lines[0].isBlank()) throw new IllegalArgumentException("the CSV file is empty");
        String sep = lines[0].contains(";") ? ";" : ",";
        List<String> header = java.util.Arrays.stream(lines[0].split(sep, -1)).map(h -> h.trim().replace(" ", "").toLowerCase(Locale.ROOT)).toList();
        int email = header.indexOf("email");
        int name = header.indexOf("fullname");
        if (email < 0) throw new IllegalArgumentException("the first line must name the columns, with Email (and optionally FullName)");
        List<MailingList.Member> add = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String[] cells = lines[i].split(sep, -1);
            String e = email < cells.length ? unquote(cells[email]) : "";
            if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                errors.add("line " + (i + 1) + ": '" + e + "' is not an e-mail address");
                continue;
            }
            add.add(new MailingList.Member(e, name >= 0 && name < cells.length ? unquote(cells[name]) : ""));
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));
        lock.lock();
        try {
            MailingList current = lists.get(l.address());
            List<MailingList.Member> m = new ArrayList<>(current.members());
            int added = 0;
            for (MailingList.Member x : add) {
                if (m.stream().noneMatch(y -> y.email().equals(x.email()))) {
                    m.add(x);
                    added++;
                }
            }
            MailingList after = current.withMembers(m);
            write(after);
            lists.put(after.address(), after);
            ConfigLog.action(actor, added + " member(s) imported into mailing list " + after.address());
            return added;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code address} is a list or one of its special addresses. */
    public Optional<Match> match(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at <= 0 || lists.isEmpty()) return Optional.empty();
        String local = a.substring(0, at);
        String domain = directory.canonicalDomain(a.substring(at + 1)).orElse(null);
        if (domain == null) return Optional.empty();
        MailingList direct = lists.get(local + "@" + domain);
        if (direct != null) return Optional.of(new Match(direct, Role.POST, null));
        int dash = local.lastIndexOf('-');
        int plus = local.indexOf('+');
        if (plus > 0) {
            // name-confirm+TOKEN: the reply address of confirmation and moderation requests.
            String base = local.substring(0, plus);
            String token = local.substring(plus + 1);
            if (base.endsWith("-confirm") && TOKEN.matcher(token).matches()) {
                MailingList l = lists.get(base.substring(0, base.length() - 8) + "@" + domain);
                if (l != null) return Optional.of(new Match(l, Role.CONFIRM, token));
            }
            return Optional.empty();
        }
        if (dash <= 0) return Optional.empty();
        MailingList l = lists.get(local.substring(0, dash) + "@" + domain);
        if (l == null) return Optional.empty();
        return switch (local.substring(dash + 1)) {
            case "subscribe" -> Optional.of(new Match(l, Role.SUBSCRIBE, null));
            case "unsubscribe" -> Optional.of(new Match(l, Role.UNSUBSCRIBE, null));
            case "help" -> Optional.of(new Match(l, Role.HELP, null));
            case "owner", "owners" -> Optional.of(new Match(l, Role.OWNER, null));
            default -> Optional.empty();
        };
    }

    private void write(MailingList l) throws IOException {
        Path target = dir.resolve(l.address() + ".json");
        Path tmp = dir.resolve(l.address() + ".json.tmp");
        Files.writeString(tmp, Json.write(l), StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }
}
