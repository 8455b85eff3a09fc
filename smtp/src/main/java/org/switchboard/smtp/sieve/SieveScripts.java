package org.switchboard.smtp.sieve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.jsieve.ConfigurationManager;
import org.apache.jsieve.SieveConfigurationException;
import org.apache.jsieve.SieveFactory;
import org.apache.jsieve.parser.generated.Node;
import org.apache.jsieve.parser.generated.ParseException;
import org.apache.jsieve.parser.generated.TokenMgrError;
import org.switchboard.core.log.LogKind;

/**
 * Each user's active Sieve script (RFC 5228), one file per account under {@code <data>/sieve},
 * replaced atomically. A script is parsed before it is saved, so delivery never meets a script
 * that does not compile. Thread-safe: the factory is shared (jSieve's is thread-safe once built)
 * and files are replaced by rename.
 */
public final class SieveScripts {
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_SCRIPT_BYTES = 64 * 1024;

    private final Path dir;
    private final SieveFactory factory;

    public SieveScripts(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try {
            this.factory = new ConfigurationManager().build();
        } catch (SieveConfigurationException e) {
            throw new IllegalStateException("the Sieve interpreter cannot start: " + e.getMessage(), e);
        }
    }

    SieveFactory factory() { return factory; }

    /** The active script of an account (a directory user id), if any. */
    public Optional<String> active(String account) {
        Path p = file(account);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            LogKind.WARNING.log("Sieve script of {} is unreadable: {}", account, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Checks and stores a script as the account's active one.
     *
     * @throws IllegalArgumentException the script does not parse; the message says where
     */
    public void put(String account, String script) throws IOException {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SCRIPT_BYTES) throw new IllegalArgumentException("script larger than " + MAX_SCRIPT_BYTES + " bytes");
        parse(script);
        Path target = file(account);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public void remove(String account) throws IOException {
        Files.deleteIfExists(file(account));
    }

    Node parse(String script) {
        try {
            return factory.parse(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        } catch (ParseException | TokenMgrError e) {
            throw new IllegalArgumentException("Sieve syntax error: " + firstLine(e.getMessage()));
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

    private Path file(String account) {
        if (!ACCOUNT.matcher(account).matches()) throw new IllegalArgumentException("invalid account id " + account);
        return dir.resolve(account + ".sieve");
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
