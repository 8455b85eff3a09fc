package org.switchboard.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory {@link MetadataStore} for tests. Thread-safe through one lock; {@link #write}
 * applies a whole batch or nothing. {@link #failNextWrite()} makes the next write throw the way
 * a broken database would, so tests can prove that a refused change leaves everything as it was.
 * Lists come back ordered by id, like the H2 store.
 */
public final class MemoryMetadataStore implements MetadataStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TreeMap<String, String>> kinds = new TreeMap<>();
    private RuntimeException nextFailure;
    private int writes;
    private boolean closed;

    @Override
    public Optional<String> get(String kind, String id) {
        lock.lock();
        try {
            open();
            return Optional.ofNullable(kinds.getOrDefault(kind, new TreeMap<>()).get(id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Entry> list(String kind) {
        lock.lock();
        try {
            open();
            List<Entry> out = new ArrayList<>();
            kinds.getOrDefault(kind, new TreeMap<>()).forEach((id, data) -> out.add(new Entry(kind, id, data)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(List<? extends Change> changes) {
        lock.lock();
        try {
            open();
            if (nextFailure != null) {
                RuntimeException e = nextFailure;
                nextFailure = null;
                throw e;
            }
            Map<String, TreeMap<String, String>> copy = new TreeMap<>();
            kinds.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
            for (Change c : changes) {
                switch (c) {
                    case Put p -> copy.computeIfAbsent(p.kind(), k -> new TreeMap<>()).put(p.id(), p.data());
                    case Delete d -> copy.getOrDefault(d.kind(), new TreeMap<>()).remove(d.id());
                }
            }
            kinds.clear();
            kinds.putAll(copy);
            writes++;
        } finally {
            lock.unlock();
        }
    }

    /** The next {@link #write} throws an IllegalStateException and changes nothing. */
    public void failNextWrite() { failNextWrite(new IllegalStateException("simulated store failure")); }

    public void failNextWrite(RuntimeException failure) {
        lock.lock();
        try {
            nextFailure = failure;
        } finally {
            lock.unlock();
        }
    }

    /** How many batches were written successfully. */
    public int writeCount() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    /** Every record as "kind/id" -> data, for comparing the whole store before and after. */
    public Map<String, String> snapshot() {
        lock.lock();
        try {
            Map<String, String> out = new TreeMap<>();
            kinds.forEach((k, v) -> v.forEach((id, data) -> out.put(k + "/" + id, data)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void open() {
        if (closed) throw new IllegalStateException("the store is closed");
    }
}
