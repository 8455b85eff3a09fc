package org.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemoryMetadataStoreTest {
    private final MemoryMetadataStore store = new MemoryMetadataStore();

    @Test
    void write_putsAndDeletes_visibleByGetAndListInIdOrder() {
        store.write(List.of(new MetadataStore.Put("k", "b", "2"), new MetadataStore.Put("k", "a", "1"), new MetadataStore.Put("o", "x", "9")));
        store.write(List.of(new MetadataStore.Delete("o", "x"), new MetadataStore.Put("k", "a", "1b")));
        assertThat(store.get("k", "a")).contains("1b");
        assertThat(store.get("o", "x")).isEmpty();
        assertThat(store.list("k")).containsExactly(new MetadataStore.Entry("k", "a", "1b"), new MetadataStore.Entry("k", "b", "2"));
        assertThat(store.list("none")).isEmpty();
        assertThat(store.writeCount()).isEqualTo(2);
    }

    @Test
    void write_afterFailNextWrite_batchNotAppliedLaterWritesWork() {
        store.write(List.of(new MetadataStore.Put("k", "a", "1")));
        store.failNextWrite();
        assertThatThrownBy(() -> store.write(List.of(new MetadataStore.Put("k", "a", "2"), new MetadataStore.Put("k", "b", "3"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.snapshot()).containsExactly(Map.entry("k/a", "1"));
        store.write(List.of(new MetadataStore.Put("k", "b", "3")));
        assertThat(store.list("k")).hasSize(2);
    }

    @Test
    void write_badChangeInBatch_nothingApplied() {
        List<MetadataStore.Change> changes = new ArrayList<>();
        changes.add(new MetadataStore.Put("k", "a", "1"));
        changes.add(null);
        assertThatThrownBy(() -> store.write(changes)).isInstanceOf(NullPointerException.class);
        assertThat(store.snapshot()).isEmpty();
    }

    @Test
    void close_laterUse_refused() {
        store.close();
        assertThatThrownBy(() -> store.get("k", "a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void write_concurrentWriters_everyBatchKept() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        store.write(List.of(new MetadataStore.Put("k", thread + "-" + i, "v"), new MetadataStore.Put("n", thread + "-" + i, "v")));
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(store.list("k")).hasSize(1600);
        assertThat(store.list("n")).hasSize(1600);
        assertThat(store.writeCount()).isEqualTo(1600);
    }
}
