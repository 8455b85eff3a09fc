package org.switchboard.smtp.sieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.switchboard.core.log.LogKind;

/**
 * Each user's Sieve scripts (RFC 5228) under {@code <data>/sieve/<account>/}: any number of named
 * scripts (file names are the hex of the UTF-8 name, so any name RFC 5804 §1.6 allows is safe),
 * and the name of the active one in {@code active}. A script is parsed before it is saved, so
 * delivery never meets one that does not compile. Thread-safe: writes take {@code lock} and
 * replace files by rename; delivery reads without locking.
 */
public final class SieveScripts {
    public record Script(String name, boolean active) {}

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** The name {@link #put(String, String)} uses: the script edited through the web or API. */
    public static final String DEFAULT_NAME = "switchboard";
    public static final int MAX_SCRIPT_BYTES = 64 * 1024;
    public static final int MAX_SCRIPTS = 32;

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();

    public SieveScripts(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /**
     * The extensions scripts may require, for ManageSieve's SIEVE capability (RFC 5804 §1.7); the two comparators
     * every implementation has (RFC 5228 §2.7.3) go unsaid.
     */
    public List<String> extensions() {
        return SieveValidator.EXTENSIONS.stream().filter(e -> !e.equals("comparator-i;octet") && !e.equals("comparator-i;ascii-casemap")).toList();
    }

    /** Notification methods for ManageSieve's NOTIFY capability (RFC 5804 §1.7). */
    public List<String> notifyMethods() { return List.of("mailto"); }

    /** The text of the account's active script, if any. */
    public Optional<String> active(String account) {
        try {
            Optional<String> name = activeName(account);
            return name.isEmpty() ? Optional.empty() : get(account, name.get());
        } catch (IOException e) {
            LogKind.WARNING.log("Sieve script of {} is unreadable: {}", account, e.getMessage());
            return Optional.empty();
        }
    }

    /** Stores {@code script} under {@link #DEFAULT_NAME} and makes it active. */
    public void put(String account, String script) throws IOException {
        put(account, DEFAULT_NAME, script);
        activate(account, DEFAULT_NAME);
    }

    /**
     * Checks and stores a named script (not activating it).
     *
     * @throws IllegalArgumentException the script does not parse, is too large, or the account has too many
     */
    public void put(String account, String name, String script) throws IOException {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SCRIPT_BYTES) throw new IllegalArgumentException("script larger than " + MAX_SCRIPT_BYTES + " bytes");
        check(script);
        lock.lock();
        try {
            Path target = file(account, name);
            if (!Files.exists(target) && list(account).size() >= MAX_SCRIPTS) {
                throw new IllegalArgumentException("at most " + MAX_SCRIPTS + " scripts per account");
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            lock.unlock();
        }
    }

    public Optional<String> get(String account, String name) throws IOException {
        Path p = file(account, name);
        return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
    }

    public List<Script> list(String account) throws IOException {
        Path d = accountDir(account);
        List<Script> out = new ArrayList<>();
        if (!Files.isDirectory(d)) return out;
        String active = activeName(account).orElse(null);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.sieve")) {
            for (Path p : s) {
                String hex = p.getFileName().toString().replace(".sieve", "");
                String name = new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
                out.add(new Script(name, name.equals(active)));
            }
        }
        out.sort(java.util.Comparator.comparing(Script::name));
        return out;
    }

    /** Makes a script active; null or "" deactivates all (RFC 5804 §2.8). False when no such script. */
    public boolean activate(String account, String name) throws IOException {
        lock.lock();
        try {
            Path marker = accountDir(account).resolve("active");
            if (name == null || name.isEmpty()) {
                Files.deleteIfExists(marker);
                return true;
            }
            if (!Files.exists(file(account, name))) return false;
            Path tmp = accountDir(account).resolve("active.tmp");
            Files.writeString(tmp, name, StandardCharsets.UTF_8);
            Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public enum Removal { REMOVED, NOT_FOUND, ACTIVE }

    /** Deletes a script; the active one cannot be deleted (RFC 5804 §2.10). */
    public Removal delete(String account, String name) throws IOException {
        lock.lock();
        try {
            if (name.equals(activeName(account).orElse(null))) return Removal.ACTIVE;
            return Files.deleteIfExists(file(account, name)) ? Removal.REMOVED : Removal.NOT_FOUND;
        } finally {
            lock.unlock();
        }
    }

    /** Renames a script, keeping it active if it was (RFC 5804 §2.11.1). False when missing or the new name exists. */
    public boolean rename(String account, String from, String to) throws IOException {
        lock.lock();
        try {
            Path source = file(account, from);
            Path target = file(account, to);
            if (!Files.exists(source) || Files.exists(target)) return false;
            boolean wasActive = from.equals(activeName(account).orElse(null));
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            if (wasActive) activate(account, to);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void remove(String account) throws IOException {
        lock.lock();
        try {
            Path d = accountDir(account);
            if (!Files.isDirectory(d)) return;
            try (var files = Files.list(d)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(d);
        } finally {
            lock.unlock();
        }
    }

    /** @throws SieveError "Sieve syntax error at line N: ..." when the script does not compile */
    public void check(String script) {
        try {
            SieveValidator.compile(script);
        } catch (SieveError e) {
            throw e.reported();
        }
    }

    /**
     * The guide's out-of-office as a built-in rule (RFC 5230): a vacation action with the given
     * subject and text, answered at most once per {@code days} per sender.
     */
    public static String outOfOffice(String subject, String text, int days) {
        return "require [\"vacation\"];\nvacation :days " + Math.max(1, days) + " :subject " + quote(subject) + " " + quote(text) + ";\n";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Optional<String> activeName(String account) throws IOException {
        Path marker = accountDir(account).resolve("active");
        return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8)) : Optional.empty();
    }

    private Path accountDir(String account) {
        if (!ACCOUNT.matcher(account).matches()) throw new IllegalArgumentException("invalid account id " + account);
        return dir.resolve(account);
    }

    private Path file(String account, String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid script name");
        }
        return accountDir(account).resolve(HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8)) + ".sieve");
    }
}
