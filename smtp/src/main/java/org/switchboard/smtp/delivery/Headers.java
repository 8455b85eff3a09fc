package org.switchboard.smtp.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads header fields from a spooled message (RFC 5322 §2.2), unfolding continuation lines; bounded. */
public final class Headers {
    private static final int MAX_BYTES = 256 * 1024;

    private Headers() {
    }

    /** Every value of the field {@code name} (case-insensitive) in the header section. */
    public static List<String> values(Path message, String name) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(message)) {
            head = in.readNBytes(MAX_BYTES);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) text = text.substring(0, end);
        List<String> out = new ArrayList<>();
        String prefix = name + ":";
        String current = null;
        for (String line : text.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) current += line;
                continue;
            }
            if (current != null) out.add(current);
            current = line.regionMatches(true, 0, prefix, 0, prefix.length()) ? line.substring(prefix.length()) : null;
        }
        if (current != null) out.add(current);
        return out;
    }
}
