package org.switchboard.pbx.voicemail;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.switchboard.pbx.media.Wav;

/**
 * Voicemail on disk, one directory per extension under the exchange's voicemail directory: messages named
 * {@code <epoch millis>-<caller>.wav} (so names sort by time and carry the caller without a second file) and an
 * optional personal {@code greeting.wav}. Files are written to a temporary name and moved into place, so a
 * listing never sees half a message. Thread-safe through the file system.
 */
public final class Mailboxes {
    private static final String GREETING = "greeting.wav";

    private final Path root;

    public Mailboxes(Path root) {
        this.root = root;
    }

    public List<VoicemailMessage> list(String extension) {
        Path dir = box(extension);
        if (!Files.isDirectory(dir)) return List.of();
        List<VoicemailMessage> l = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("[0-9]{1,19}-[^/]*\\.wav")) continue;
                int dash = name.indexOf('-');
                long size = Files.size(p);
                l.add(new VoicemailMessage(name.substring(0, name.length() - 4), extension, name.substring(dash + 1, name.length() - 4),
                        Instant.ofEpochMilli(Long.parseLong(name.substring(0, dash))), Duration.ofMillis(Math.max(0, size - 44) * 1000 / (2L * Wav.RATE)), p));
            }
        } catch (IOException e) {
            return List.of();
        }
        l.sort(Comparator.comparing(VoicemailMessage::id));
        return l;
    }

    public VoicemailMessage save(String extension, String caller, Instant received, short[] pcm) throws IOException {
        String safeCaller = caller == null || caller.isEmpty() ? "unknown" : caller.replaceAll("[^0-9A-Za-z+]", "_");
        if (safeCaller.length() > 32) safeCaller = safeCaller.substring(0, 32);
        String id = received.toEpochMilli() + "-" + safeCaller;
        Path file = box(extension).resolve(id + ".wav");
        for (int n = 1; Files.exists(file); n++) file = box(extension).resolve((id = received.toEpochMilli() + n + "-" + safeCaller) + ".wav");
        write(file, Wav.write(pcm));
        return new VoicemailMessage(id, extension, safeCaller, received, Duration.ofMillis(pcm.length * 1000L / Wav.RATE), file);
    }

    public short[] audio(VoicemailMessage m) throws IOException {
        return Wav.read(Files.readAllBytes(m.file()));
    }

    public boolean delete(VoicemailMessage m) throws IOException {
        return Files.deleteIfExists(m.file());
    }

    public Optional<short[]> greeting(String extension) {
        Path p = box(extension).resolve(GREETING);
        try {
            return Files.exists(p) ? Optional.of(Wav.read(Files.readAllBytes(p))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void saveGreeting(String extension, short[] pcm) throws IOException {
        write(box(extension).resolve(GREETING), Wav.write(pcm));
    }

    private Path box(String extension) {
        if (!extension.matches("[0-9]{1,15}")) throw new IllegalArgumentException("not an extension number: " + extension);
        return root.resolve(extension);
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".incoming", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
