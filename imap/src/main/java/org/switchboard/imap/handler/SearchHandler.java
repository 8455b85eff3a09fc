package org.switchboard.imap.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.switchboard.imap.ImapSession;
import org.switchboard.imap.SelectedMailbox;
import org.switchboard.imap.codec.ImapRequest;
import org.switchboard.imap.codec.ImapRequest.SearchReturn;
import org.switchboard.imap.codec.ImapResponseWriter;
import org.switchboard.imap.codec.SequenceSet;

/**
 * SEARCH and UID SEARCH (RFC 9051 §6.4.4) with ESEARCH (RFC 4731), SEARCHRES (RFC 5182) and MODSEQ
 * (RFC 7162 §3.1.5). Under IMAP4rev2 every SEARCH answers with ESEARCH (RFC 9051 §7.3.4).
 */
final class SearchHandler {
    void handle(ImapSession s, ImapRequest.Search r) throws IOException {
        SelectedMailbox mailbox = s.selected();
        SearchEvaluator evaluator = new SearchEvaluator(s);
        TreeSet<Long> hits;
        try {
            hits = evaluator.evaluate(r.key());
        } catch (RuntimeException e) {
            // RFC 5182 §2.1: a failed SEARCH ... RETURN (SAVE) leaves the saved result empty.
            if (r.returns() != null && r.returns().contains(SearchReturn.SAVE)) s.saveResult(List.of());
            throw e;
        }
        if (evaluator.modseqUsed()) s.enableCondstore();
        long highestModseq = 0;
        for (long uid : hits) highestModseq = Math.max(highestModseq, mailbox.modseq(uid));
        List<Long> numbers = new ArrayList<>();
        for (long uid : hits) numbers.add(r.uid() ? uid : mailbox.seqOf(uid));
        Set<SearchReturn> returns = r.returns() != null ? r.returns() : s.rev2() ? Set.of(SearchReturn.ALL) : null;
        ImapResponseWriter out = s.out();
        if (returns == null) {
            out.untagged().raw("SEARCH");
            for (long n : numbers) out.sp().number(n);
            if (evaluator.modseqUsed() && !numbers.isEmpty()) out.raw(" (MODSEQ ").number(highestModseq).raw(")");
            out.end();
        } else {
            if (returns.contains(SearchReturn.SAVE)) s.saveResult(saved(hits, returns));
            // RFC 5182 §2.4: SAVE alone produces no ESEARCH response.
            if (!(returns.size() == 1 && returns.contains(SearchReturn.SAVE))) {
                esearch(out, r.tag(), r.uid(), numbers, returns, evaluator.modseqUsed() ? highestModseq : 0);
            }
        }
        s.ok(r, null, r.command() + " completed");
    }

    /** RFC 5182 §2.4: with MIN or MAX but neither ALL nor COUNT, only those messages are saved. */
    private static List<Long> saved(TreeSet<Long> hits, Set<SearchReturn> returns) {
        if (hits.isEmpty() || returns.contains(SearchReturn.ALL) || returns.contains(SearchReturn.COUNT)
                || !(returns.contains(SearchReturn.MIN) || returns.contains(SearchReturn.MAX))) {
            return List.copyOf(hits);
        }
        TreeSet<Long> out = new TreeSet<>();
        if (returns.contains(SearchReturn.MIN)) out.add(hits.first());
        if (returns.contains(SearchReturn.MAX)) out.add(hits.last());
        return List.copyOf(out);
    }

    /** RFC 4731 §3.1: MIN, MAX and ALL are left out when nothing matched; COUNT 0 is still sent. */
    static void esearch(ImapResponseWriter out, String tag, boolean uid, List<Long> numbers, Set<SearchReturn> returns,
                        long highestModseq) throws IOException {
        out.untagged().raw("ESEARCH (TAG ").string(tag).raw(")");
        if (uid) out.raw(" UID");
        if (!numbers.isEmpty()) {
            if (returns.contains(SearchReturn.MIN)) out.raw(" MIN ").number(numbers.getFirst());
            if (returns.contains(SearchReturn.MAX)) out.raw(" MAX ").number(numbers.getLast());
            if (returns.contains(SearchReturn.ALL)) out.raw(" ALL ").raw(SequenceSet.format(numbers));
        }
        if (returns.contains(SearchReturn.COUNT)) out.raw(" COUNT ").number(numbers.size());
        if (highestModseq > 0 && !numbers.isEmpty()) out.raw(" MODSEQ ").number(highestModseq);
        out.end();
    }
}
