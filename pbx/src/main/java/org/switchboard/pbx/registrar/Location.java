package org.switchboard.pbx.registrar;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The location service: current bindings per extension, in memory (phones re-register after a restart). Updates
 * to one extension are atomic ({@link ConcurrentHashMap#compute}); expired bindings are dropped when read and by
 * {@link #sweep}. Thread-safe.
 */
public final class Location {
    private final InstantSource clock;
    private final Map<String, List<Binding>> bindings = new ConcurrentHashMap<>();

    public Location(InstantSource clock) {
        this.clock = clock;
    }

    public List<Binding> lookup(String extension) {
        Instant now = clock.instant();
        return bindings.getOrDefault(extension, List.of()).stream().filter(b -> b.expires().isAfter(now)).toList();
    }

    /** All live bindings, for the admin view. */
    public List<Binding> all() {
        Instant now = clock.instant();
        List<Binding> out = new ArrayList<>();
        bindings.values().forEach(l -> l.stream().filter(b -> b.expires().isAfter(now)).forEach(out::add));
        return out;
    }

    /** Replaces the extension's bindings with {@code update(current live bindings)}, atomically; returns the result. */
    public List<Binding> update(String extension, UnaryOperator<List<Binding>> update) {
        Instant now = clock.instant();
        List<Binding> result = bindings.compute(extension, (k, old) -> {
            List<Binding> live = old == null ? List.of() : old.stream().filter(b -> b.expires().isAfter(now)).toList();
            List<Binding> next = List.copyOf(update.apply(live));
            return next.isEmpty() ? null : next;
        });
        return result == null ? List.of() : result;
    }

    public void removeAll(String extension) { bindings.remove(extension); }

    public void sweep() {
        Instant now = clock.instant();
        for (String ext : List.copyOf(bindings.keySet())) {
            bindings.computeIfPresent(ext, (k, l) -> {
                List<Binding> live = l.stream().filter(b -> b.expires().isAfter(now)).toList();
                return live.isEmpty() ? null : live;
            });
        }
    }
}
