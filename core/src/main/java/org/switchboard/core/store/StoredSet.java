package org.switchboard.core.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;

/**
 * A named set of records of one kind (IP address groups, time ranges, access policies ...)
 * kept in memory and written through to the metadata store. Names are case-insensitive.
 * The {@code validator} sees the candidate contents before anything is written.
 */
public final class StoredSet<T extends Record> {
    public interface Validator<T> { void check(T candidate, Map<String, T> all); }

    private final MetadataStore store;
    private final String kind;
    private final String label;
    private final Class<T> type;
    private final Function<T, String> name;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Map<String, T> items;

    public StoredSet(MetadataStore store, String kind, String label, Class<T> type, Function<T, String> name) {
        this.store = store;
        this.kind = kind;
        this.label = label;
        this.type = type;
        this.name = name;
        Map<String, T> m = new LinkedHashMap<>();
        for (MetadataStore.Entry e : store.list(kind)) m.put(e.id(), Json.read(e.data(), type));
        this.items = Map.copyOf(m);
    }

    private static String key(String name) { return name.trim().toLowerCase(java.util.Locale.ROOT); }

    public List<T> list() {
        List<T> l = new ArrayList<>(items.values());
        l.sort(Comparator.comparing(t -> key(name.apply(t))));
        return l;
    }

    public Optional<T> get(String n) { return n == null ? Optional.empty() : Optional.ofNullable(items.get(key(n))); }

    public T require(String n) { return get(n).orElseThrow(() -> Problem.notFound(label + " " + n)); }

    public Map<String, T> asMap() { return items; }

    /** Creates or replaces the record with this name. */
    public T put(Actor actor, T value, Validator<T> validator) {
        lock.lock();
        try {
            String k = key(name.apply(value));
            Map<String, T> candidate = new LinkedHashMap<>(items);
            T before = candidate.put(k, value);
            validator.check(value, candidate);
            store.write(List.of(new MetadataStore.Put(kind, k, Json.write(value))));
            items = Map.copyOf(candidate);
            if (before == null) ConfigLog.created(actor, label + " " + name.apply(value) + ": " + value);
            else ConfigLog.changed(actor, label + " " + name.apply(value), before, value);
            return value;
        } finally {
            lock.unlock();
        }
    }

    public void remove(Actor actor, String n, Validator<String> inUse) {
        lock.lock();
        try {
            T before = require(n);
            Map<String, T> candidate = new LinkedHashMap<>(items);
            candidate.remove(key(n));
            inUse.check(n, null);
            store.write(List.of(new MetadataStore.Delete(kind, key(n))));
            items = Map.copyOf(candidate);
            ConfigLog.removed(actor, label + " " + name.apply(before));
        } finally {
            lock.unlock();
        }
    }
}
