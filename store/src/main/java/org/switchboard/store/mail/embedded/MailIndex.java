package org.switchboard.store.mail.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.switchboard.core.log.LogKind;

/**
 * The full-text index (Lucene): a document per message keyed by mailbox id and UID, holding the
 * decoded subject/from/to/cc/bcc, all header values ("headers") and the body text. Words split at
 * non-alphanumerics, lower-cased, folded to ASCII; every query word is a required prefix. Changes
 * are searchable at once: a search waits until the near-real-time reader holds the last change to
 * its mailbox, and one reopen thread serves all waiting searches (at most every 25 ms) instead of
 * each reopening. Committed every second and at close; the metadata stays the truth (the store
 * reconciles at open). Thread-safe, as IndexWriter is.
 */
final class MailIndex implements AutoCloseable {
    static final Set<String> FIELDS = Set.of("text", "body", "subject", "from", "to", "cc", "bcc");
    private static final long ALL_MAILBOXES = -1;
    /** Without waiting searches the reader is reopened after this; with one, after the minimum. */
    private static final double MAX_STALE_SECONDS = 5, MIN_STALE_SECONDS = 0.025;
    private static final String KEY = "key", ACCOUNT = "account", MAILBOX = "mailbox", UID = "uid", HEADERS = "headers";

    /** What the store extracted from one message. */
    record Content(String subject, String from, String to, String cc, String bcc, String headers, Reader body) {}

    private final Directory directory;
    private final Analyzer analyzer = new MailAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService committer;
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;
    /** The writer's sequence number of each mailbox's last change; ALL_MAILBOXES for changes that touched many. */
    private final Map<Long, Long> lastChange = new ConcurrentHashMap<>();

    private MailIndex(Directory directory) throws IOException {
        this.directory = directory;
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(8);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
        this.reopener = new ControlledRealTimeReopenThread<>(writer, searchers, MAX_STALE_SECONDS, MIN_STALE_SECONDS);
        reopener.setName("mail-index-reopen");
        reopener.setDaemon(true);
        reopener.start();
        this.committer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mail-index-commit").factory());
    }

    static MailIndex open(Path dir) throws IOException {
        Directory directory = FSDirectory.open(dir);
        try {
            return new MailIndex(directory);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    void startCommitting() {
        committer.scheduleWithFixedDelay(this::commitQuietly, 1, 1, TimeUnit.SECONDS);
    }

    void put(String account, long mailboxId, long uid, Content c) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(KEY, key(mailboxId, uid), Field.Store.NO));
        doc.add(new StringField(ACCOUNT, account, Field.Store.NO));
        doc.add(new LongField(MAILBOX, mailboxId, Field.Store.NO));
        doc.add(new LongField(UID, uid, Field.Store.NO));
        text(doc, "subject", c.subject);
        text(doc, "from", c.from);
        text(doc, "to", c.to);
        text(doc, "cc", c.cc);
        text(doc, "bcc", c.bcc);
        text(doc, HEADERS, c.headers);
        doc.add(new TextField("body", c.body));
        changed(mailboxId, writer.updateDocument(new Term(KEY, key(mailboxId, uid)), doc));
    }

    void delete(long mailboxId, Collection<Long> uids) throws IOException {
        Term[] terms = uids.stream().map(u -> new Term(KEY, key(mailboxId, u))).toArray(Term[]::new);
        if (terms.length > 0) changed(mailboxId, writer.deleteDocuments(terms));
    }

    void deleteMailbox(long mailboxId) throws IOException {
        changed(mailboxId, writer.deleteDocuments(LongField.newExactQuery(MAILBOX, mailboxId)));
    }

    void deleteAccount(String account) throws IOException {
        changed(ALL_MAILBOXES, writer.deleteDocuments(new Term(ACCOUNT, account)));
    }

    void deleteAll() throws IOException {
        changed(ALL_MAILBOXES, writer.deleteAll());
    }

    private void changed(long mailboxId, long sequenceNumber) { lastChange.merge(mailboxId, sequenceNumber, Math::max); }

    /** Waits until the reader holds every change to the mailbox made before this call. */
    private void awaitChanges(long mailboxId) throws IOException {
        long needed = Math.max(lastChange.getOrDefault(mailboxId, 0L), lastChange.getOrDefault(ALL_MAILBOXES, 0L));
        if (needed <= 0) return;
        try {
            reopener.waitForGeneration(needed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the index reader was reopened");
        }
    }

    /** The words of a query as the index holds them. */
    List<String> words(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** UIDs of the mailbox's documents in which every word starts a word of {@code field} ("text": headers or body). */
    Set<Long> search(long mailboxId, String field, List<String> words) throws IOException {
        BooleanQuery.Builder q = new BooleanQuery.Builder().add(LongField.newExactQuery(MAILBOX, mailboxId), Occur.FILTER);
        for (String w : words) {
            Query clause = field.equals("text")
                    ? new BooleanQuery.Builder()
                            .add(new PrefixQuery(new Term(HEADERS, w)), Occur.SHOULD)
                            .add(new PrefixQuery(new Term("body", w)), Occur.SHOULD).build()
                    : new PrefixQuery(new Term(field, w));
            q.add(clause, Occur.FILTER);
        }
        awaitChanges(mailboxId);
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.search(q.build(), new UidCollectorManager());
        } finally {
            searchers.release(searcher);
        }
    }

    /** Every indexed message as mailbox id to sorted UIDs (for reconciliation). */
    Map<Long, long[]> keys() throws IOException {
        Map<Long, long[]> grow = new HashMap<>();
        Map<Long, Integer> sizes = new HashMap<>();
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        try {
            for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
                LeafReader r = ctx.reader();
                Bits live = r.getLiveDocs();
                SortedNumericDocValues mailbox = DocValues.getSortedNumeric(r, MAILBOX);
                SortedNumericDocValues uid = DocValues.getSortedNumeric(r, UID);
                for (int d = 0; d < r.maxDoc(); d++) {
                    if (live != null && !live.get(d)) continue;
                    if (!mailbox.advanceExact(d) || !uid.advanceExact(d)) continue;
                    long m = mailbox.nextValue();
                    int n = sizes.merge(m, 1, Integer::sum);
                    long[] arr = grow.computeIfAbsent(m, k -> new long[16]);
                    if (n > arr.length) grow.put(m, arr = Arrays.copyOf(arr, arr.length * 2));
                    arr[n - 1] = uid.nextValue();
                }
            }
        } finally {
            searchers.release(searcher);
        }
        Map<Long, long[]> out = new HashMap<>();
        grow.forEach((m, arr) -> {
            long[] exact = Arrays.copyOf(arr, sizes.get(m));
            Arrays.sort(exact);
            out.put(m, exact);
        });
        return out;
    }

    void commit() throws IOException {
        writer.commit();
    }

    private void commitQuietly() {
        try {
            if (writer.hasUncommittedChanges()) writer.commit();
        } catch (IOException | RuntimeException e) {
            LogKind.WARNING.log("mail index commit failed (it is reconciled at the next start): " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        reopener.close();
        committer.shutdown();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (directory; writer; searchers) {
            writer.commit();
        }
    }

    private static void text(Document doc, String field, String value) {
        if (value != null && !value.isEmpty()) doc.add(new TextField(field, value, Field.Store.NO));
    }

    private static String key(long mailboxId, long uid) { return mailboxId + ":" + uid; }

    /** Letters and digits make words; lower-cased, then folded to ASCII ("Grüße" is "grusse"). */
    private static final class MailAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer words = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
            return new TokenStreamComponents(words, new ASCIIFoldingFilter(new LowerCaseFilter(words)));
        }
    }

    private static final class UidCollectorManager implements CollectorManager<UidCollector, Set<Long>> {
        @Override
        public UidCollector newCollector() { return new UidCollector(); }

        @Override
        public Set<Long> reduce(Collection<UidCollector> collectors) {
            Set<Long> out = new HashSet<>();
            for (UidCollector c : collectors) out.addAll(c.uids);
            return out;
        }
    }

    private static final class UidCollector extends SimpleCollector {
        final Set<Long> uids = new HashSet<>();
        private SortedNumericDocValues values;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            values = DocValues.getSortedNumeric(context.reader(), UID);
        }

        @Override
        public void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) uids.add(values.nextValue());
        }

        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
    }
}
