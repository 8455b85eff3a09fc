package org.switchboard.core.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a log file that is being appended to, rotated or truncated concurrently, without taking
 * the writers' lock: a read simply sees the file as it was at some instant, and a file that
 * vanished mid-rotation reads as empty. Invalid UTF-8 is replaced, never fatal.
 */
final class LogFileReader {

    static final int MAX_LINES = 100_000;
    // Bounds what one tail request may pull into memory, whatever the line lengths.
    static final int MAX_TAIL_BYTES = 16 * 1024 * 1024;
    private static final int BLOCK = 8192;

    private LogFileReader() {}

    /** The last {@code lines} lines, oldest first, reading backwards from the end of the file. */
    static List<String> tail(Path file, int lines) throws IOException {
        checkCount(lines);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            long start = startOfLastLines(channel, end, lines);
            boolean cut = false;
            if (end - start > MAX_TAIL_BYTES) {
                start = end - MAX_TAIL_BYTES;
                cut = true;
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) (end - start));
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, start + bytes.position()) < 0) break;
            }
            List<String> result = split(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8));
            // The byte cap can land mid-line (even mid-character): that fragment is not a line.
            if (cut && !result.isEmpty()) result.removeFirst();
            return result;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static long startOfLastLines(FileChannel channel, long end, int lines) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long pos = end;
        int newlines = 0;
        while (pos > 0 && end - pos <= MAX_TAIL_BYTES) {
            int length = (int) Math.min(BLOCK, pos);
            pos -= length;
            block.clear().limit(length);
            while (block.hasRemaining()) {
                if (channel.read(block, pos + block.position()) < 0) return pos + block.position();
            }
            for (int i = length - 1; i >= 0; i--) {
                // The newline that ends the last line does not start another one.
                if (block.get(i) == '\n' && pos + i != end - 1 && ++newlines == lines) return pos + i + 1;
            }
        }
        return pos;
    }

    /** Up to {@code limit} matching lines in file order; when more match, the newest ones win. */
    static List<String> search(Path file, Predicate<String> matches, int limit) throws IOException {
        checkCount(limit);
        ArrayDeque<String> found = new ArrayDeque<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!matches.test(line)) continue;
                if (found.size() == limit) found.removeFirst();
                found.addLast(line);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return List.copyOf(found);
    }

    private static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl;
            int trimmed = to > from && text.charAt(to - 1) == '\r' ? to - 1 : to;
            lines.add(text.substring(from, trimmed));
            from = nl < 0 ? text.length() : nl + 1;
        }
        return lines;
    }

    private static void checkCount(int count) {
        if (count < 1 || count > MAX_LINES)
            throw new IllegalArgumentException("line count must be 1.." + MAX_LINES + ", got " + count);
    }
}
