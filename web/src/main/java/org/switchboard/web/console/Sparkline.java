package org.switchboard.web.console;

import java.util.List;
import java.util.Locale;

/**
 * A server-rendered SVG chart of the last hour: the polyline and filled area for a 300x60
 * view box. The x axis is the whole hour, so a young server's line starts at the right.
 * Values below zero (unknown) are drawn as zero.
 */
record Sparkline(String label, String now, String line, String area, boolean enough) {
    static final int WIDTH = 300;
    static final int HEIGHT = 60;

    /** {@code max} <= 0 scales to the largest value (with headroom), for counts. */
    static Sparkline of(String label, String now, List<Double> values, double max) {
        int n = values.size();
        if (n < 2) return new Sparkline(label, now, "", "", false);
        double top = max;
        if (top <= 0) {
            top = 1;
            for (double v : values) top = Math.max(top, v * 1.25);
        }
        StringBuilder line = new StringBuilder();
        double firstX = 0;
        for (int i = 0; i < n; i++) {
            double x = (double) WIDTH * (Sampler.KEEP - n + i) / (Sampler.KEEP - 1);
            if (i == 0) firstX = x;
            double v = Math.max(0, Math.min(top, values.get(i)));
            double y = HEIGHT - v / top * (HEIGHT - 2) - 1;
            line.append(i == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
        }
        String area = fmt(firstX) + "," + HEIGHT + " " + line + " " + WIDTH + "," + HEIGHT;
        return new Sparkline(label, now, line.toString(), area, true);
    }

    private static String fmt(double d) { return String.format(Locale.ROOT, "%.1f", d); }
}
