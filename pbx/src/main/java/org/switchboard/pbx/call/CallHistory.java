package org.switchboard.pbx.call;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.switchboard.core.json.Json;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.store.MetadataStore;

/**
 * Call history records, durable in the metadata store (kind "pbx-call", ids sort by time), plus one Call log line
 * per call. Thread-safe (the store is).
 */
public final class CallHistory {
    private static final String KIND = "pbx-call";

    private final MetadataStore store;

    public CallHistory(MetadataStore store) {
        this.store = store;
    }

    public void add(CallRecord r) {
        store.write(List.of(new MetadataStore.Put(KIND, r.id(), Json.write(r))));
        LogKind.CALL.log("Call {} from {} ({}) to {}{}: {}, started {}, answered {}, ended {}, duration {} s, RTP packets {}/{}",
                r.id(), r.caller(), r.callerName(), r.callee(), r.transferredTo() == null ? "" : ", transferred to " + r.transferredTo(),
                r.disposition(), r.start(), r.answer() == null ? "-" : r.answer(), r.end(), r.durationSeconds(), r.rtpFromCaller(), r.rtpFromCallee());
    }

    /** The newest {@code limit} records, newest first. */
    public List<CallRecord> list(int limit) {
        List<CallRecord> all = new ArrayList<>();
        for (MetadataStore.Entry e : store.list(KIND)) all.add(Json.read(e.data(), CallRecord.class));
        all.sort(Comparator.comparing(CallRecord::start).reversed());
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** CSV export: one header line, one line per call, RFC 4180 quoting, ISO-8601 UTC times. */
    public String csv(int limit) {
        StringBuilder b = new StringBuilder("id,caller,caller_name,callee,start,answer,end,duration_seconds,disposition,transferred_to\r\n");
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        for (CallRecord r : list(limit)) {
            b.append(r.id()).append(',').append(q(r.caller())).append(',').append(q(r.callerName())).append(',').append(q(r.callee()))
                    .append(',').append(iso.format(r.start())).append(',').append(r.answer() == null ? "" : iso.format(r.answer()))
                    .append(',').append(iso.format(r.end())).append(',').append(r.durationSeconds()).append(',').append(r.disposition())
                    .append(',').append(q(r.transferredTo())).append("\r\n");
        }
        return b.toString();
    }

    private static String q(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
