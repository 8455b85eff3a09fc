package org.switchboard.core.definitions;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.switchboard.core.Actor;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MetadataStore;
import org.switchboard.core.store.StoredSet;

/** The shared time ranges that scheduled tasks and rules refer to by name. */
public final class TimeRanges {
    private final StoredSet<TimeRange> set;

    public TimeRanges(MetadataStore store) {
        this.set = new StoredSet<>(store, "timerange", "time range", TimeRange.class, TimeRange::name);
    }

    public List<TimeRange> list() { return set.list(); }

    public Optional<TimeRange> get(String name) { return set.get(name); }

    public boolean contains(String name, ZonedDateTime at) { return get(name).map(r -> r.contains(at)).orElse(false); }

    public TimeRange put(Actor actor, TimeRange range) {
        String name = range.name() == null ? "" : range.name().trim();
        if (name.isEmpty() || name.length() > 64) throw Problem.invalid("name", "a name of 1 to 64 characters is required");
        if (range.intervals().isEmpty()) throw Problem.invalid("intervals", "add at least one interval");
        int i = 0;
        for (TimeRange.Interval iv : range.intervals()) {
            String f = "intervals[" + i++ + "]";
            if (iv.kind() == null) throw Problem.invalid(f, "kind must be DAILY, WEEKLY or ABSOLUTE");
            switch (iv.kind()) {
                case DAILY, WEEKLY -> {
                    if (iv.from() == null || iv.to() == null) throw Problem.invalid(f, "from and to times are required (HH:MM)");
                    if (iv.kind() == TimeRange.Kind.WEEKLY && iv.days().isEmpty()) throw Problem.invalid(f, "choose at least one day");
                }
                case ABSOLUTE -> {
                    if (iv.start() == null || iv.end() == null) throw Problem.invalid(f, "start and end date-times are required");
                    if (!iv.end().isAfter(iv.start())) throw Problem.invalid(f, "the end must be after the start");
                }
            }
        }
        return set.put(actor, new TimeRange(name, range.description(), range.intervals()), (c, all) -> {});
    }

    public void remove(Actor actor, String name) { set.remove(actor, name, (n, x) -> {}); }
}
