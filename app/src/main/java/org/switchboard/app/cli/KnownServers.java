package org.switchboard.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * The file of servers whose certificates were trusted on first use, one "host:port FINGERPRINT"
 * line each (SHA-256 of the leaf certificate, colon-separated hex), like ssh's known_hosts.
 * Created readable by its owner only. Not locked: two CLIs meeting a new server at once both
 * append the same line, which is harmless.
 */
final class KnownServers {
    private static final int MAX_BYTES = 1 << 20;
    private static final String HEADER = "# Switchboard servers trusted on first use: host:port SHA-256 fingerprint of the certificate\n";

    private final Path file;

    KnownServers(Path file) { this.file = file; }

    /** {@code $SWITCHBOARD_KNOWN_SERVERS}, else {@code ~/.switchboard/known_servers}. */
    static KnownServers standard() {
        String env = System.getenv("SWITCHBOARD_KNOWN_SERVERS");
        if (env != null && !env.isBlank()) return new KnownServers(Path.of(env));
        return new KnownServers(Path.of(System.getProperty("user.home"), ".switchboard", "known_servers"));
    }

    Path file() { return file; }

    /** The remembered fingerprint of a server; the last line wins when an admin appended a new one by hand. */
    Optional<String> fingerprint(String hostPort) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        if (Files.size(file) > MAX_BYTES) throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        String found = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] parts = l.split("\\s+");
            if (parts.length >= 2 && parts[0].equalsIgnoreCase(hostPort)) found = parts[1].toUpperCase(Locale.ROOT);
        }
        return Optional.ofNullable(found);
    }

    void remember(String hostPort, String fingerprint) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            else Files.createDirectories(dir);
        }
        if (!Files.exists(file)) {
            if (posix) Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            else Files.createFile(file);
            Files.writeString(file, HEADER, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        Files.writeString(file, hostPort + " " + fingerprint + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
