package org.switchboard.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The metadata storage SPI: typed records (JSON documents) keyed by kind and id, written in
 * atomic batches. Backends: embedded H2 (store module), PostgreSQL later. Implementations are
 * thread-safe; {@link #write} is all-or-nothing and durable when it returns.
 */
public interface MetadataStore extends AutoCloseable {

    record Entry(String kind, String id, String data) {}

    sealed interface Change permits Put, Delete {}
    record Put(String kind, String id, String data) implements Change {}
    record Delete(String kind, String id) implements Change {}

    Optional<String> get(String kind, String id);

    List<Entry> list(String kind);

    /** Applies every change in one transaction; when it returns, the changes survive a crash. */
    void write(List<? extends Change> changes);

    @Override
    void close();
}
