package org.switchboard.core.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.switchboard.core.Actor;
import org.switchboard.core.ConfigLog;
import org.switchboard.core.error.Problem;
import org.switchboard.core.json.Json;
import org.switchboard.core.store.MetadataStore;

/**
 * Server settings, one typed record per section, kept in the metadata store. Changed only
 * through {@link #update}, which validates, persists, writes the Config log line (who, from
 * where, old -> new) and then tells the listeners, so running services pick the change up.
 */
public final class Settings {
    private final MetadataStore store;
    private final Map<String, Section<?>> sections = new LinkedHashMap<>();
    private final Map<String, Record> values = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Consumer<Record>>> listeners = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Consumer<Record>>> checks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<UnaryOperator<Record>>> rewrites = new java.util.concurrent.ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public Settings(MetadataStore store) { this.store = store; }

    public <T extends Record> void register(Section<T> section) {
        sections.put(section.name(), section);
        T value = store.get("settings", section.name()).map(j -> Json.read(j, section.type())).orElse(section.defaults());
        values.put(section.name(), value);
    }

    public List<Section<?>> sections() { return new ArrayList<>(sections.values()); }

    public Section<?> section(String name) {
        Section<?> s = sections.get(name);
        if (s == null) throw Problem.notFound("settings section " + name);
        return s;
    }

    @SuppressWarnings("unchecked")
    public <T extends Record> T get(Section<T> section) { return (T) values.get(section.name()); }

    public Record get(String name) { section(name); return values.get(name); }

    @SuppressWarnings("unchecked")
    public <T extends Record> void onChange(Section<T> section, Consumer<T> listener) {
        listeners.computeIfAbsent(section.name(), k -> new CopyOnWriteArrayList<>()).add(r -> listener.accept((T) r));
    }

    /** An extra check that needs other services (e.g. "this IP group exists"); throw IllegalArgumentException to refuse. */
    @SuppressWarnings("unchecked")
    public <T extends Record> void addCheck(Section<T> section, Consumer<T> check) {
        checks.computeIfAbsent(section.name(), k -> new CopyOnWriteArrayList<>()).add(r -> check.accept((T) r));
    }

    /**
     * A rewrite applied to every new value before it is checked and saved, e.g. sealing a password so the
     * clear text never reaches the store or the API.
     */
    @SuppressWarnings("unchecked")
    public <T extends Record> void beforeSave(Section<T> section, UnaryOperator<T> rewrite) {
        rewrites.computeIfAbsent(section.name(), k -> new CopyOnWriteArrayList<>()).add(r -> rewrite.apply((T) r));
    }

    @SuppressWarnings("unchecked")
    public <T extends Record> T update(Actor actor, Section<T> section, T value) {
        lock.lock();
        T before;
        try {
            if (value == null) throw Problem.invalid(section.name(), "a value is required");
            for (UnaryOperator<Record> r : rewrites.getOrDefault(section.name(), List.of())) value = (T) r.apply(value);
            try {
                section.validator().accept(value);
                for (Consumer<Record> c : checks.getOrDefault(section.name(), List.of())) c.accept(value);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid(section.name(), e.getMessage());
            }
            before = get(section);
            if (before.equals(value)) return value;
            store.write(List.of(new MetadataStore.Put("settings", section.name(), Json.write(value))));
            values.put(section.name(), value);
        } finally {
            lock.unlock();
        }
        ConfigLog.changed(actor, "settings " + section.name(), before, value);
        for (Consumer<Record> l : listeners.getOrDefault(section.name(), List.of())) l.accept(value);
        return value;
    }

    /** Untyped update for the API: the JSON body is read as the section's record type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Record updateJson(Actor actor, String name, String json) {
        Section s = section(name);
        Record value;
        try {
            // A misspelt key must not be dropped silently: the admin would think it was saved.
            value = (Record) Json.MAPPER.readerFor(s.type()).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
        } catch (UnrecognizedPropertyException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw Problem.invalid(name, "there is no setting " + key + " (known here: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
        } catch (Exception e) {
            throw Problem.invalid(name, "the body is not a valid " + name + " settings document: " + firstLine(e.getMessage()));
        }
        return update(actor, s, value);
    }

    private static String firstLine(String m) {
        if (m == null) return "";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
