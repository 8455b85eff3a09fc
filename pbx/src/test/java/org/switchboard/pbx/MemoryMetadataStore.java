package org.switchboard.pbx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.core.store.MetadataStore;

/** An in-memory metadata store for tests (the real backends live in the store module, which pbx does not see). */
final class MemoryMetadataStore implements MetadataStore {
    private final Map<String, Map<String, String>> data = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String kind, String id) {
        return Optional.ofNullable(data.getOrDefault(kind, Map.of()).get(id));
    }

    @Override
    public List<Entry> list(String kind) {
        List<Entry> out = new ArrayList<>();
        data.getOrDefault(kind, Map.of()).forEach((id, d) -> out.add(new Entry(kind, id, d)));
        return out;
    }

    @Override
    public synchronized void write(List<? extends Change> changes) {
        for (Change c : changes) {
            switch (c) {
                case Put p -> data.computeIfAbsent(p.kind(), k -> new ConcurrentHashMap<>()).put(p.id(), p.data());
                case Delete d -> data.getOrDefault(d.kind(), new ConcurrentHashMap<>()).remove(d.id());
            }
        }
    }

    @Override
    public void close() {
    }
}
