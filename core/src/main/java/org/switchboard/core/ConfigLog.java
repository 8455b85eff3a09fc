package org.switchboard.core;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.switchboard.core.log.LogKind;

/**
 * Writes the audit trail: one Config log line per change, "who (from): what: field old -> new".
 * Record diffs are computed field by field, nested records included; secret fields at any depth are
 * reported as changed, never shown.
 */
public final class ConfigLog {
    private static final Set<String> SECRET = Set.of("credentials", "password", "passwordHash", "secret", "sealedPassword", "voicemailPinHash");

    private ConfigLog() {}

    public static void created(Actor actor, String what) { LogKind.CONFIG.log("{}: {} created", actor, what); }

    public static void removed(Actor actor, String what) { LogKind.CONFIG.log("{}: {} removed", actor, what); }

    public static void action(Actor actor, String what) { LogKind.CONFIG.log("{}: {}", actor, what); }

    /** Logs every differing component of two records of the same type; nothing when equal. */
    public static void changed(Actor actor, String what, Record before, Record after) {
        List<String> diffs = diff(before, after);
        if (!diffs.isEmpty()) LogKind.CONFIG.log("{}: {} changed: {}", actor, what, String.join("; ", diffs));
    }

    /**
     * Nested records are compared field by field ("phone.extensions: ..."), so a secret inside
     * one (User.Phone's PIN hash) is hidden like a top-level secret and never reaches the log
     * through the nested record's toString.
     */
    public static List<String> diff(Record before, Record after) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            Object a = value(c, before);
            Object b = value(c, after);
            if (Objects.equals(a, b)) continue;
            if (a instanceof Record ra && b instanceof Record rb && ra.getClass() == rb.getClass() && !SECRET.contains(c.getName())) {
                for (String d : diff(ra, rb)) out.add(c.getName() + "." + d);
            } else if (SECRET.contains(c.getName()) || holdsSecret(a) || holdsSecret(b)) {
                out.add(c.getName() + " changed");
            } else {
                out.add(c.getName() + ": " + show(a) + " -> " + show(b));
            }
        }
        return out;
    }

    private static boolean holdsSecret(Object v) {
        if (!(v instanceof Record r)) return false;
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (SECRET.contains(c.getName()) || holdsSecret(value(c, r))) return true;
        }
        return false;
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String show(Object v) {
        if (v == null) return "(none)";
        String s = v.toString();
        return s.isEmpty() ? "''" : s;
    }
}
