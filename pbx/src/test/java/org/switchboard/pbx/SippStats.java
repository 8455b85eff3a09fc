package org.switchboard.pbx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads SIPp's -trace_stat CSV (semicolon separated, one header row): the last row's cumulative counters. */
final class SippStats {
    private final List<String> header;
    private final List<List<String>> rows;

    private SippStats(List<String> header, List<List<String>> rows) {
        this.header = header;
        this.rows = rows;
    }

    static SippStats read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        List<String> header = Arrays.asList(lines.get(0).split(";"));
        return new SippStats(header, lines.subList(1, lines.size()).stream().map(l -> Arrays.asList(l.split(";"))).toList());
    }

    String last(String column) {
        int i = header.indexOf(column);
        if (i < 0 || rows.isEmpty()) return "?";
        List<String> row = rows.get(rows.size() - 1);
        return i < row.size() ? row.get(i) : "?";
    }

    long lastLong(String column) {
        try {
            return Long.parseLong(last(column).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The largest value the column reached in any periodic row. */
    long max(String column) {
        int i = header.indexOf(column);
        long m = -1;
        for (List<String> row : rows) {
            if (i < 0 || i >= row.size()) continue;
            try {
                m = Math.max(m, Long.parseLong(row.get(i).strip()));
            } catch (NumberFormatException ignored) {
                // a non-numeric cell (date columns) is simply skipped
            }
        }
        return m;
    }
}
