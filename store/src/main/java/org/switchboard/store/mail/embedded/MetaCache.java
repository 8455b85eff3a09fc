package org.switchboard.store.mail.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.switchboard.store.mail.MessageMeta;

/**
 * Parsed message metadata by blob id, so FETCH of headers and structure skips the database's large
 * text column and the JSON parse. Blobs are content addressed and the metadata is derived from the
 * content alone, so an entry never goes stale. Least recently used out first; thread-safe (one
 * short lock, no I/O under it).
 */
final class MetaCache {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, MessageMeta> entries;

    MetaCache(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.entries = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MessageMeta> eldest) { return size() > capacity; }
        };
    }

    /** The cached metadata, or null. */
    MessageMeta get(String blob) {
        lock.lock();
        try {
            return entries.get(blob);
        } finally {
            lock.unlock();
        }
    }

    void put(String blob, MessageMeta meta) {
        lock.lock();
        try {
            entries.put(blob, meta);
        } finally {
            lock.unlock();
        }
    }
}
