package org.switchboard.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.switchboard.imap.codec.ImapRequest.ListReturn;
import org.switchboard.imap.codec.ImapRequest.ListSelect;
import org.switchboard.imap.codec.ImapRequest.SearchReturn;
import org.switchboard.imap.codec.ImapRequest.StatusItem;

/**
 * Recursive-descent parser for one complete command (RFC 9051 §9 ABNF plus the announced extensions).
 * Input is the framed command: text parts alternating with literals, as {@link ImapRequestReader}
 * collected them; literal markers are already removed from the text. Single use, one thread.
 */
final class CommandParser {
    /** A literal's bytes; {@code binary} for literal8 ("~{n}", RFC 3516). */
    record Literal(byte[] data, boolean binary) {}

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final List<Object> parts;
    private final boolean utf8Names;
    private final int maxDepth;
    private int depth;
    private int part;
    private int pos;
    private String tag;

    /** @param maxDepth bound on nested search keys (NOT, OR and parentheses), which recurse */
    CommandParser(List<Object> parts, boolean utf8Names, int maxDepth) {
        this.parts = parts;
        this.utf8Names = utf8Names;
        this.maxDepth = maxDepth;
    }

    /** The tag, read leniently for error answers; null when the command does not start with one. */
    static String peekTag(byte[] firstLine, int length) {
        int end = 0;
        while (end < length && isTagChar(firstLine[end])) end++;
        if (end == 0 || end > 64 || (end < length && firstLine[end] != ' ')) return null;
        return new String(firstLine, 0, end, StandardCharsets.US_ASCII);
    }

    ImapRequest parse() throws ImapParseException {
        tag = readTag();
        sp();
        String verb = atom().toUpperCase(Locale.ROOT);
        ImapRequest request = switch (verb) {
            case "CAPABILITY" -> new ImapRequest.Capability(tag);
            case "NOOP" -> new ImapRequest.Noop(tag);
            case "LOGOUT" -> new ImapRequest.Logout(tag);
            case "STARTTLS" -> new ImapRequest.StartTls(tag);
            case "NAMESPACE" -> new ImapRequest.Namespace(tag);
            case "IDLE" -> new ImapRequest.Idle(tag);
            case "CHECK" -> new ImapRequest.Check(tag);
            case "CLOSE" -> new ImapRequest.Close(tag);
            case "UNSELECT" -> new ImapRequest.Unselect(tag);
            case "EXPUNGE" -> new ImapRequest.Expunge(tag, null);
            case "AUTHENTICATE" -> authenticate();
            case "LOGIN" -> login();
            case "ENABLE" -> enable();
            case "ID" -> id();
            case "SELECT" -> select(false);
            case "EXAMINE" -> select(true);
            case "CREATE" -> create();
            case "DELETE" -> new ImapRequest.Delete(tag, spMailbox());
            case "RENAME" -> new ImapRequest.Rename(tag, spMailbox(), spMailbox());
            case "SUBSCRIBE" -> new ImapRequest.Subscribe(tag, spMailbox());
            case "UNSUBSCRIBE" -> new ImapRequest.Unsubscribe(tag, spMailbox());
            case "LIST" -> list();
            case "LSUB" -> lsub();
            case "STATUS" -> status();
            case "APPEND" -> throw error("APPEND needs a message literal");
            case "SEARCH" -> search(false);
            case "FETCH" -> fetch(false);
            case "STORE" -> store(false);
            case "COPY" -> new ImapRequest.Copy(tag, false, spSequenceSet(), spMailbox());
            case "MOVE" -> new ImapRequest.Move(tag, false, spSequenceSet(), spMailbox());
            case "SORT" -> sort(false);
            case "THREAD" -> thread(false);
            case "UID" -> uid();
            case "GETQUOTA" -> new ImapRequest.GetQuota(tag, spAstring());
            case "GETQUOTAROOT" -> new ImapRequest.GetQuotaRoot(tag, spMailbox());
            case "SETQUOTA" -> setQuota();
            case "GETACL" -> new ImapRequest.GetAcl(tag, spMailbox());
            case "SETACL" -> new ImapRequest.SetAcl(tag, spMailbox(), spAstring(), spAstring());
            case "DELETEACL" -> new ImapRequest.DeleteAcl(tag, spMailbox(), spAstring());
            case "LISTRIGHTS" -> new ImapRequest.ListRights(tag, spMailbox(), spAstring());
            case "MYRIGHTS" -> new ImapRequest.MyRights(tag, spMailbox());
            case "COMPRESS" -> {
                sp();
                yield new ImapRequest.Compress(tag, atom().toUpperCase(Locale.ROOT));
            }
            default -> throw error("unknown command " + clip(verb));
        };
        end();
        return request;
    }

    /**
     * APPEND up to its message literal, which the reader has not read and represents by an empty
     * placeholder literal as the last part. What follows the literal is checked by the reader.
     */
    ImapRequest.Append appendHead(long size, boolean binary) throws ImapParseException {
        tag = readTag();
        sp();
        if (!atom().equalsIgnoreCase("APPEND")) throw error("not an APPEND command");
        String mailbox = spMailbox();
        sp();
        Set<String> flags = Set.of();
        Instant date = null;
        if (peek() == '(') {
            flags = flagList();
            sp();
        }
        if (peek() == '"') {
            date = dateTime();
            sp();
        }
        boolean utf8 = false;
        if (peek() == 'U' || peek() == 'u') {
            if (!atom().equalsIgnoreCase("UTF8")) throw error("expected the message literal");
            sp();
            expect('(');
            utf8 = true;
            if (!binary) throw error("UTF8 (...) needs a literal8 (~{n})");
        }
        if (!atLiteralEnd()) throw error("expected the message literal");
        return new ImapRequest.Append(tag, mailbox, flags, date, size, binary, utf8);
    }

    // ------------------------------------------------------------------ commands

    private ImapRequest authenticate() throws ImapParseException {
        sp();
        String mechanism = atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (peek() == ' ') {
            sp();
            if (peek() == '=') {
                next();
                initial = "";
            } else {
                initial = base64();
            }
        }
        return new ImapRequest.Authenticate(tag, mechanism, initial);
    }

    private ImapRequest login() throws ImapParseException {
        String user = spAstring();
        String password = spAstring();
        return new ImapRequest.Login(tag, user, password);
    }

    private ImapRequest enable() throws ImapParseException {
        List<String> caps = new ArrayList<>();
        do {
            sp();
            caps.add(atom().toUpperCase(Locale.ROOT));
        } while (peek() == ' ');
        return new ImapRequest.Enable(tag, caps);
    }

    private ImapRequest id() throws ImapParseException {
        sp();
        Map<String, String> fields = new LinkedHashMap<>();
        if (peekNil()) {
            atom();
            return new ImapRequest.Id(tag, fields);
        }
        expect('(');
        // RFC 2971 §3.3: at most 30 pairs, field names up to 30 octets, values up to 1024.
        while (peek() != ')') {
            if (!fields.isEmpty()) sp();
            String key = string();
            sp();
            String value = nstring();
            if (key.length() > 30 || (value != null && value.length() > 1024)) throw error("ID field or value too long");
            fields.put(key, value);
            if (fields.size() > 30) throw error("too many ID fields");
        }
        expect(')');
        return new ImapRequest.Id(tag, fields);
    }

    private ImapRequest select(boolean readOnly) throws ImapParseException {
        String mailbox = spMailbox();
        boolean condstore = false;
        ImapRequest.Qresync qresync = null;
        if (peek() == ' ') {
            sp();
            expect('(');
            boolean first = true;
            while (peek() != ')') {
                if (!first) sp();
                first = false;
                String param = atom().toUpperCase(Locale.ROOT);
                switch (param) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        sp();
                        qresync = qresync();
                    }
                    default -> throw error("unknown SELECT parameter " + clip(param));
                }
            }
            expect(')');
        }
        return new ImapRequest.Select(tag, mailbox, readOnly, condstore, qresync);
    }

    /** RFC 7162 §3.2.5: "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")". */
    private ImapRequest.Qresync qresync() throws ImapParseException {
        expect('(');
        long uidValidity = nzNumber();
        sp();
        long modseq = nzNumber64();
        SequenceSet knownUids = null;
        SequenceSet knownSeqs = null;
        SequenceSet knownSeqUids = null;
        if (peek() == ' ') {
            sp();
            if (peek() != '(') {
                knownUids = sequenceSet(false);
                if (peek() == ' ') sp();
            }
            if (peek() == '(') {
                next();
                knownSeqs = sequenceSet(false);
                sp();
                knownSeqUids = sequenceSet(false);
                expect(')');
                // RFC 7162 §3.2.5.2: the two sets pair up one to one. With "*" the sizes depend on the mailbox;
                // the session checks those.
                if (!knownSeqs.usesStar() && !knownSeqUids.usesStar() && knownSeqs.size(0) != knownSeqUids.size(0)) {
                    throw error("QRESYNC sequence match data: " + knownSeqs.size(0) + " message numbers but "
                            + knownSeqUids.size(0) + " UIDs");
                }
            }
        }
        expect(')');
        return new ImapRequest.Qresync(uidValidity, modseq, knownUids, knownSeqs, knownSeqUids);
    }

    private ImapRequest create() throws ImapParseException {
        String mailbox = spMailbox();
        List<String> use = new ArrayList<>();
        if (peek() == ' ') {
            sp();
            expect('(');
            while (peek() != ')') {
                if (!use.isEmpty()) sp();
                String param = atom().toUpperCase(Locale.ROOT);
                if (!param.equals("USE")) throw error("unknown CREATE parameter " + clip(param));
                sp();
                expect('(');
                do {
                    if (peek() == ' ') sp();
                    use.add(flag());
                } while (peek() == ' ');
                expect(')');
            }
            expect(')');
        }
        return new ImapRequest.Create(tag, mailbox, use);
    }

    private ImapRequest list() throws ImapParseException {
        sp();
        Set<ListSelect> select = EnumSet.noneOf(ListSelect.class);
        if (peek() == '(') {
            next();
            boolean first = true;
            while (peek() != ')') {
                if (!first) sp();
                first = false;
                String option = atom().toUpperCase(Locale.ROOT);
                switch (option) {
                    case "SUBSCRIBED" -> select.add(ListSelect.SUBSCRIBED);
                    case "REMOTE" -> select.add(ListSelect.REMOTE);
                    case "RECURSIVEMATCH" -> select.add(ListSelect.RECURSIVEMATCH);
                    case "SPECIAL-USE" -> select.add(ListSelect.SPECIAL_USE);
                    default -> throw error("unknown LIST selection option " + clip(option));
                }
            }
            next();
            sp();
            // RFC 5258 §3: RECURSIVEMATCH alone is meaningless and must be rejected.
            if (select.contains(ListSelect.RECURSIVEMATCH) && select.size() == 1) throw error("RECURSIVEMATCH needs another selection option");
        }
        String reference = mailboxName(astring());
        sp();
        List<String> patterns = new ArrayList<>();
        if (peek() == '(') {
            next();
            do {
                if (peek() == ' ') sp();
                patterns.add(listMailbox());
            } while (peek() == ' ');
            expect(')');
        } else {
            patterns.add(listMailbox());
        }
        Set<ListReturn> returns = EnumSet.noneOf(ListReturn.class);
        List<StatusItem> status = new ArrayList<>();
        if (peek() == ' ') {
            sp();
            if (!atom().equalsIgnoreCase("RETURN")) throw error("expected RETURN");
            sp();
            expect('(');
            boolean first = true;
            while (peek() != ')') {
                if (!first) sp();
                first = false;
                String option = atom().toUpperCase(Locale.ROOT);
                switch (option) {
                    case "SUBSCRIBED" -> returns.add(ListReturn.SUBSCRIBED);
                    case "CHILDREN" -> returns.add(ListReturn.CHILDREN);
                    case "SPECIAL-USE" -> returns.add(ListReturn.SPECIAL_USE);
                    case "STATUS" -> {
                        returns.add(ListReturn.STATUS);
                        sp();
                        status.addAll(statusItems());
                    }
                    default -> throw error("unknown LIST return option " + clip(option));
                }
            }
            next();
        }
        return new ImapRequest.ListMailboxes(tag, reference, patterns, select, returns, status);
    }

    private ImapRequest lsub() throws ImapParseException {
        sp();
        String reference = mailboxName(astring());
        sp();
        return new ImapRequest.Lsub(tag, reference, listMailbox());
    }

    private ImapRequest status() throws ImapParseException {
        String mailbox = spMailbox();
        sp();
        return new ImapRequest.Status(tag, mailbox, statusItems());
    }

    private List<StatusItem> statusItems() throws ImapParseException {
        expect('(');
        List<StatusItem> items = new ArrayList<>();
        while (peek() != ')') {
            if (!items.isEmpty()) sp();
            String item = atom().toUpperCase(Locale.ROOT);
            try {
                items.add(StatusItem.valueOf(item));
            } catch (IllegalArgumentException e) {
                throw error("unknown STATUS item " + clip(item));
            }
        }
        next();
        if (items.isEmpty()) throw error("STATUS needs at least one item");
        return items;
    }

    private ImapRequest uid() throws ImapParseException {
        sp();
        String verb = atom().toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "FETCH" -> fetch(true);
            case "STORE" -> store(true);
            case "SEARCH" -> search(true);
            case "COPY" -> new ImapRequest.Copy(tag, true, spSequenceSet(), spMailbox());
            case "MOVE" -> new ImapRequest.Move(tag, true, spSequenceSet(), spMailbox());
            case "EXPUNGE" -> new ImapRequest.Expunge(tag, spSequenceSet());
            case "SORT" -> sort(true);
            case "THREAD" -> thread(true);
            default -> throw error("unknown UID command " + clip(verb));
        };
    }

    private ImapRequest search(boolean uid) throws ImapParseException {
        sp();
        Set<SearchReturn> returns = null;
        String charset = null;
        if (peekWord("RETURN")) {
            atom();
            sp();
            returns = searchReturns();
            sp();
        }
        if (peekWord("CHARSET")) {
            atom();
            sp();
            charset = charset();
            sp();
        }
        return new ImapRequest.Search(tag, uid, returns, charset, searchKeys(charset));
    }

    private Set<SearchReturn> searchReturns() throws ImapParseException {
        expect('(');
        Set<SearchReturn> returns = EnumSet.noneOf(SearchReturn.class);
        boolean first = true;
        while (peek() != ')') {
            if (!first) sp();
            first = false;
            String option = atom().toUpperCase(Locale.ROOT);
            try {
                returns.add(SearchReturn.valueOf(option));
            } catch (IllegalArgumentException e) {
                throw error("unknown SEARCH return option " + clip(option));
            }
        }
        next();
        // RFC 4731 §3.1: "RETURN ()" is the same as "RETURN (ALL)".
        if (returns.isEmpty()) returns.add(SearchReturn.ALL);
        return returns;
    }

    private String charset() throws ImapParseException {
        String name = peek() == '"' ? quoted() : atom();
        try {
            if (Charset.isSupported(name)) return Charset.forName(name).name();
        } catch (IllegalArgumentException e) {
            // An illegal charset name is unsupported, answered below.
        }
        throw new ImapParseException(tag, "unsupported charset " + clip(name), "BADCHARSET (US-ASCII UTF-8)", true);
    }

    /** One or more search keys separated by SP, as an AND when more than one. */
    private SearchKey searchKeys(String charset) throws ImapParseException {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(charset));
        while (peek() == ' ') {
            sp();
            keys.add(searchKey(charset));
        }
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private SearchKey searchKey(String charset) throws ImapParseException {
        if (++depth > maxDepth) throw error("search keys nested too deeply");
        try {
            return searchKeyAtDepth(charset);
        } finally {
            depth--;
        }
    }

    private SearchKey searchKeyAtDepth(String charset) throws ImapParseException {
        int c = peek();
        if (c == '(') {
            next();
            List<SearchKey> keys = new ArrayList<>();
            keys.add(searchKey(charset));
            while (peek() == ' ') {
                sp();
                keys.add(searchKey(charset));
            }
            expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        if ((c >= '0' && c <= '9') || c == '*' || c == '$') return new SearchKey.Sequence(sequenceSet(true));
        String word = atom().toUpperCase(Locale.ROOT);
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> new SearchKey.Flag("\\Answered", true);
            case "DELETED" -> new SearchKey.Flag("\\Deleted", true);
            case "DRAFT" -> new SearchKey.Flag("\\Draft", true);
            case "FLAGGED" -> new SearchKey.Flag("\\Flagged", true);
            case "SEEN" -> new SearchKey.Flag("\\Seen", true);
            case "UNANSWERED" -> new SearchKey.Flag("\\Answered", false);
            case "UNDELETED" -> new SearchKey.Flag("\\Deleted", false);
            case "UNDRAFT" -> new SearchKey.Flag("\\Draft", false);
            case "UNFLAGGED" -> new SearchKey.Flag("\\Flagged", false);
            case "UNSEEN" -> new SearchKey.Flag("\\Seen", false);
            case "KEYWORD" -> {
                sp();
                yield new SearchKey.Flag(atom(), true);
            }
            case "UNKEYWORD" -> {
                sp();
                yield new SearchKey.Flag(atom(), false);
            }
            case "NEW" -> new SearchKey.Recent(true, true);
            case "OLD" -> new SearchKey.Recent(false, false);
            case "RECENT" -> new SearchKey.Recent(true, false);
            case "BCC" -> text(SearchKey.TextField.BCC, charset);
            case "BODY" -> text(SearchKey.TextField.BODY, charset);
            case "CC" -> text(SearchKey.TextField.CC, charset);
            case "FROM" -> text(SearchKey.TextField.FROM, charset);
            case "SUBJECT" -> text(SearchKey.TextField.SUBJECT, charset);
            case "TEXT" -> text(SearchKey.TextField.TEXT, charset);
            case "TO" -> text(SearchKey.TextField.TO, charset);
            case "HEADER" -> {
                sp();
                String field = astring();
                sp();
                yield new SearchKey.Header(field, astring(charset));
            }
            case "BEFORE" -> date(SearchKey.DateKind.INTERNAL, SearchKey.Comparison.BEFORE);
            case "ON" -> date(SearchKey.DateKind.INTERNAL, SearchKey.Comparison.ON);
            case "SINCE" -> date(SearchKey.DateKind.INTERNAL, SearchKey.Comparison.SINCE);
            case "SENTBEFORE" -> date(SearchKey.DateKind.SENT, SearchKey.Comparison.BEFORE);
            case "SENTON" -> date(SearchKey.DateKind.SENT, SearchKey.Comparison.ON);
            case "SENTSINCE" -> date(SearchKey.DateKind.SENT, SearchKey.Comparison.SINCE);
            case "LARGER" -> {
                sp();
                yield new SearchKey.Size(true, number64());
            }
            case "SMALLER" -> {
                sp();
                yield new SearchKey.Size(false, number64());
            }
            case "UID" -> {
                sp();
                yield new SearchKey.Uid(sequenceSet(true));
            }
            case "NOT" -> {
                sp();
                yield new SearchKey.Not(searchKey(charset));
            }
            case "OR" -> {
                sp();
                SearchKey left = searchKey(charset);
                sp();
                yield new SearchKey.Or(left, searchKey(charset));
            }
            case "MODSEQ" -> {
                sp();
                // RFC 7162 §3.1.5: optional entry-name (a quoted "/flags/..." string) and entry-type-req.
                if (peek() == '"') {
                    quoted();
                    sp();
                    String type = atom().toLowerCase(Locale.ROOT);
                    if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) throw error("MODSEQ entry type must be priv, shared or all");
                    sp();
                }
                yield new SearchKey.ModSeq(number64());
            }
            default -> throw error("unknown search key " + clip(word));
        };
    }

    private SearchKey text(SearchKey.TextField field, String charset) throws ImapParseException {
        sp();
        return new SearchKey.Text(field, astring(charset));
    }

    private SearchKey date(SearchKey.DateKind kind, SearchKey.Comparison comparison) throws ImapParseException {
        sp();
        boolean quotedDate = peek() == '"';
        if (quotedDate) next();
        String text = atom();
        if (quotedDate) expect('"');
        return new SearchKey.Date(kind, comparison, parseDate(text));
    }

    /** RFC 9051 date-text: date-day "-" date-month "-" date-year, e.g. 1-Feb-1994. */
    private LocalDate parseDate(String text) throws ImapParseException {
        String[] p = text.split("-", -1);
        if (p.length != 3 || p[0].isEmpty() || p[0].length() > 2 || p[2].length() != 4 || !digits(p[0]) || !digits(p[2])) {
            throw error("invalid date " + clip(text) + ", expected e.g. 1-Feb-2024");
        }
        int month = month(p[1]);
        try {
            return LocalDate.of(Integer.parseInt(p[2]), month, Integer.parseInt(p[0]));
        } catch (DateTimeException e) {
            throw error("invalid date " + clip(text));
        }
    }

    private int month(String name) throws ImapParseException {
        for (int i = 0; i < MONTHS.length; i++) if (MONTHS[i].equalsIgnoreCase(name)) return i + 1;
        throw error("invalid month " + clip(name));
    }

    /** RFC 9051 date-time: DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. */
    private Instant dateTime() throws ImapParseException {
        String text = quoted();
        if (text.length() != 26 || text.charAt(2) != '-' || text.charAt(6) != '-' || text.charAt(11) != ' '
                || text.charAt(14) != ':' || text.charAt(17) != ':' || text.charAt(20) != ' ') {
            throw error("invalid date-time, expected e.g. \"17-Jul-1996 02:44:25 -0700\"");
        }
        String day = text.substring(0, 2).trim();
        String year = text.substring(7, 11);
        String zone = text.substring(21);
        if (!digits(day) || !digits(year) || !digits(text.substring(12, 14)) || !digits(text.substring(15, 17))
                || !digits(text.substring(18, 20)) || (zone.charAt(0) != '+' && zone.charAt(0) != '-') || !digits(zone.substring(1))) {
            throw error("invalid date-time, expected e.g. \"17-Jul-1996 02:44:25 -0700\"");
        }
        try {
            int offsetMinutes = Integer.parseInt(zone.substring(1, 3)) * 60 + Integer.parseInt(zone.substring(3, 5));
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(year), month(text.substring(3, 6)), Integer.parseInt(day),
                    Integer.parseInt(text.substring(12, 14)), Integer.parseInt(text.substring(15, 17)), Integer.parseInt(text.substring(18, 20)));
            return local.toInstant(ZoneOffset.ofTotalSeconds((zone.charAt(0) == '-' ? -60 : 60) * offsetMinutes));
        } catch (DateTimeException e) {
            throw error("invalid date-time " + clip(text));
        }
    }

    private ImapRequest fetch(boolean uid) throws ImapParseException {
        SequenceSet set = spSequenceSet();
        sp();
        List<FetchItem> items = new ArrayList<>();
        if (peek() == '(') {
            next();
            do {
                if (peek() == ' ') sp();
                items.add(fetchItem());
            } while (peek() == ' ');
            expect(')');
        } else {
            String macro = peekAtomUpper();
            switch (macro) {
                case "ALL" -> {
                    atom();
                    items.addAll(FetchItem.ALL);
                }
                case "FAST" -> {
                    atom();
                    items.addAll(FetchItem.FAST);
                }
                case "FULL" -> {
                    atom();
                    items.addAll(FetchItem.FULL);
                }
                default -> items.add(fetchItem());
            }
        }
        long changedSince = -1;
        boolean vanished = false;
        if (peek() == ' ') {
            sp();
            expect('(');
            boolean first = true;
            while (peek() != ')') {
                if (!first) sp();
                first = false;
                String modifier = atom().toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        sp();
                        changedSince = number64();
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw error("unknown FETCH modifier " + clip(modifier));
                }
            }
            next();
        }
        // RFC 7162 §3.2.6: VANISHED only with UID FETCH and together with CHANGEDSINCE.
        if (vanished && (!uid || changedSince < 0)) throw error("VANISHED needs UID FETCH with CHANGEDSINCE");
        return new ImapRequest.Fetch(tag, uid, set, items, changedSince, vanished);
    }

    private FetchItem fetchItem() throws ImapParseException {
        String name = fetchName();
        return switch (name) {
            case "FLAGS" -> FetchItem.Simple.FLAGS;
            case "UID" -> FetchItem.Simple.UID;
            case "INTERNALDATE" -> FetchItem.Simple.INTERNALDATE;
            case "RFC822.SIZE" -> FetchItem.Simple.RFC822_SIZE;
            case "ENVELOPE" -> FetchItem.Simple.ENVELOPE;
            case "BODYSTRUCTURE" -> FetchItem.Simple.BODYSTRUCTURE;
            case "MODSEQ" -> FetchItem.Simple.MODSEQ;
            case "RFC822" -> FetchItem.Simple.RFC822;
            case "RFC822.HEADER" -> FetchItem.Simple.RFC822_HEADER;
            case "RFC822.TEXT" -> FetchItem.Simple.RFC822_TEXT;
            case "BODY" -> peek() == '[' ? new FetchItem.BodySection(section(), false, partial()) : FetchItem.Simple.BODY;
            case "BODY.PEEK" -> new FetchItem.BodySection(section(), true, partial());
            case "BINARY" -> new FetchItem.Binary(binarySection(), false, partial());
            case "BINARY.PEEK" -> new FetchItem.Binary(binarySection(), true, partial());
            case "BINARY.SIZE" -> new FetchItem.BinarySize(binarySection());
            default -> throw error("unknown FETCH item " + clip(name));
        };
    }

    /** A fetch attribute name: letters, digits and dots up to "[", SP or a parenthesis. */
    private String fetchName() throws ImapParseException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || c == '[' || c == ' ' || c == '(' || c == ')') break;
            if (!isAtomChar(c)) throw error("invalid character in FETCH item");
            b.append((char) c);
            next();
            if (b.length() > 32) throw error("FETCH item name too long");
        }
        if (b.isEmpty()) throw error("expected a FETCH item");
        return b.toString().toUpperCase(Locale.ROOT);
    }

    private Section section() throws ImapParseException {
        expect('[');
        List<Integer> path = new ArrayList<>();
        Section.Text text = Section.Text.NONE;
        List<String> fields = List.of();
        if (peek() != ']') {
            String spec = sectionWord();
            String[] pieces = spec.split("\\.", -1);
            int i = 0;
            while (i < pieces.length && digits(pieces[i]) && !pieces[i].isEmpty()) {
                path.add(sectionNumber(pieces[i]));
                i++;
            }
            String rest = String.join(".", java.util.Arrays.copyOfRange(pieces, i, pieces.length)).toUpperCase(Locale.ROOT);
            switch (rest) {
                case "" -> {
                    if (path.isEmpty()) throw error("empty section part");
                }
                case "HEADER" -> text = Section.Text.HEADER;
                case "TEXT" -> text = Section.Text.TEXT;
                case "MIME" -> {
                    if (path.isEmpty()) throw error("MIME needs a part number");
                    text = Section.Text.MIME;
                }
                case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
                    text = rest.endsWith(".NOT") ? Section.Text.HEADER_FIELDS_NOT : Section.Text.HEADER_FIELDS;
                    sp();
                    fields = headerList();
                }
                default -> throw error("invalid section " + clip(spec));
            }
        }
        expect(']');
        return new Section(path, text, fields);
    }

    private List<Integer> binarySection() throws ImapParseException {
        expect('[');
        List<Integer> path = new ArrayList<>();
        if (peek() != ']') {
            for (String piece : sectionWord().split("\\.", -1)) path.add(sectionNumber(piece));
        }
        expect(']');
        return path;
    }

    private int sectionNumber(String piece) throws ImapParseException {
        if (!digits(piece) || piece.isEmpty() || piece.length() > 9) throw error("invalid section part " + clip(piece));
        int n = Integer.parseInt(piece);
        if (n < 1) throw error("section part numbers start at 1");
        return n;
    }

    private String sectionWord() throws ImapParseException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || c == ']' || c == ' ') break;
            if (!isAtomChar(c)) throw error("invalid character in section");
            b.append((char) c);
            next();
            if (b.length() > 64) throw error("section too long");
        }
        return b.toString();
    }

    private List<String> headerList() throws ImapParseException {
        expect('(');
        List<String> fields = new ArrayList<>();
        do {
            if (peek() == ' ') sp();
            String field = astring();
            for (int i = 0; i < field.length(); i++) {
                char ch = field.charAt(i);
                // RFC 5322 §3.6.8 ftext: printable US-ASCII except colon.
                if (ch <= ' ' || ch > '~' || ch == ':') throw error("invalid header field name");
            }
            fields.add(field);
        } while (peek() == ' ');
        expect(')');
        return fields;
    }

    private FetchItem.Partial partial() throws ImapParseException {
        if (peek() != '<') return null;
        next();
        long offset = number64();
        expect('.');
        long length = nzNumber64();
        expect('>');
        return new FetchItem.Partial(offset, length);
    }

    private ImapRequest store(boolean uid) throws ImapParseException {
        SequenceSet set = spSequenceSet();
        sp();
        long unchangedSince = -1;
        if (peek() == '(') {
            next();
            boolean first = true;
            while (peek() != ')') {
                if (!first) sp();
                first = false;
                String modifier = atom().toUpperCase(Locale.ROOT);
                if (!modifier.equals("UNCHANGEDSINCE")) throw error("unknown STORE modifier " + clip(modifier));
                sp();
                unchangedSince = number64();
            }
            next();
            sp();
        }
        String item = atom().toUpperCase(Locale.ROOT);
        ImapRequest.StoreMode mode = ImapRequest.StoreMode.REPLACE;
        if (item.startsWith("+")) {
            mode = ImapRequest.StoreMode.ADD;
            item = item.substring(1);
        } else if (item.startsWith("-")) {
            mode = ImapRequest.StoreMode.REMOVE;
            item = item.substring(1);
        }
        boolean silent = switch (item) {
            case "FLAGS" -> false;
            case "FLAGS.SILENT" -> true;
            default -> throw error("STORE item must be FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
        };
        sp();
        Set<String> flags = new LinkedHashSet<>();
        if (peek() == '(') {
            flags.addAll(flagList());
        } else {
            do {
                if (peek() == ' ') sp();
                flags.add(flag());
            } while (peek() == ' ');
        }
        return new ImapRequest.Store(tag, uid, set, unchangedSince, mode, silent, flags);
    }

    private ImapRequest sort(boolean uid) throws ImapParseException {
        sp();
        expect('(');
        List<ImapRequest.SortKey> criteria = new ArrayList<>();
        boolean reverse = false;
        while (true) {
            String word = atom().toUpperCase(Locale.ROOT);
            if (word.equals("REVERSE")) {
                if (reverse) throw error("REVERSE twice");
                reverse = true;
                sp();
                continue;
            }
            try {
                criteria.add(new ImapRequest.SortKey(ImapRequest.SortCriterion.valueOf(word), reverse));
            } catch (IllegalArgumentException e) {
                throw error("unknown sort criterion " + clip(word));
            }
            reverse = false;
            if (peek() != ' ') break;
            sp();
        }
        expect(')');
        sp();
        String charset = charset();
        sp();
        return new ImapRequest.Sort(tag, uid, criteria, charset, searchKeys(charset));
    }

    private ImapRequest thread(boolean uid) throws ImapParseException {
        sp();
        String algorithm = atom().toUpperCase(Locale.ROOT);
        if (!algorithm.equals("REFERENCES") && !algorithm.equals("ORDEREDSUBJECT")) {
            throw error("unsupported thread algorithm " + clip(algorithm));
        }
        sp();
        String charset = charset();
        sp();
        return new ImapRequest.ThreadMessages(tag, uid, algorithm, charset, searchKeys(charset));
    }

    private ImapRequest setQuota() throws ImapParseException {
        String root = spAstring();
        sp();
        expect('(');
        Map<String, Long> limits = new LinkedHashMap<>();
        while (peek() != ')') {
            if (!limits.isEmpty()) sp();
            String resource = atom().toUpperCase(Locale.ROOT);
            sp();
            limits.put(resource, number64());
        }
        next();
        return new ImapRequest.SetQuota(tag, root, limits);
    }

    // ------------------------------------------------------------------ values

    private Set<String> flagList() throws ImapParseException {
        expect('(');
        Set<String> flags = new LinkedHashSet<>();
        while (peek() != ')') {
            if (!flags.isEmpty()) sp();
            flags.add(flag());
        }
        next();
        return flags;
    }

    /** flag = "\" atom (system or extension flag) / atom (keyword); "\*" is not a flag a client can set. */
    private String flag() throws ImapParseException {
        boolean system = peek() == '\\';
        if (system) next();
        String name = atom();
        if (!system) return name;
        for (String f : List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft")) {
            if (f.substring(1).equalsIgnoreCase(name)) return f;
        }
        return "\\" + name;
    }

    private SequenceSet spSequenceSet() throws ImapParseException {
        sp();
        return sequenceSet(true);
    }

    private SequenceSet sequenceSet(boolean allowSaved) throws ImapParseException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = peek();
            // Read the whole token so an error names what was wrong ("1:x"), not where reading stopped.
            if (c < 0 || !(isAtomChar(c) || c == '*')) break;
            b.append((char) c);
            next();
            if (b.length() > 100_000) throw error("sequence set too long");
        }
        try {
            return SequenceSet.parse(b.toString(), allowSaved);
        } catch (IllegalArgumentException e) {
            throw error("invalid sequence set: " + e.getMessage());
        }
    }

    private String spMailbox() throws ImapParseException {
        sp();
        return mailboxName(astring());
    }

    /** RFC 9051 §5.1: INBOX in any case is INBOX; other names are modified UTF-7 unless UTF8=ACCEPT is on. */
    private String mailboxName(String raw) throws ImapParseException {
        if (raw.equalsIgnoreCase("INBOX")) return "INBOX";
        String name = raw;
        if (!utf8Names) {
            name = ModifiedUtf7.decode(raw).orElseThrow(() -> error("mailbox name is not valid modified UTF-7"));
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) name = "INBOX" + name.substring(5);
        return name;
    }

    /** list-mailbox: 1*list-char (atom chars plus % * ]) or a string; decoded like a mailbox name. */
    private String listMailbox() throws ImapParseException {
        int c = peek();
        if (c == '"' || atLiteralEnd()) return mailboxPattern(string());
        StringBuilder b = new StringBuilder();
        while (true) {
            c = peek();
            if (c < 0 || !(isAtomChar(c) || c == '%' || c == '*' || c == ']')) break;
            b.append((char) c);
            next();
        }
        if (b.isEmpty()) throw error("expected a mailbox pattern");
        return mailboxPattern(utf8(b.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    private String mailboxPattern(String raw) throws ImapParseException {
        if (utf8Names) return raw;
        return ModifiedUtf7.decode(raw).orElseThrow(() -> error("mailbox pattern is not valid modified UTF-7"));
    }

    private String spAstring() throws ImapParseException {
        sp();
        return astring();
    }

    private String astring() throws ImapParseException {
        return astring(null);
    }

    private String astring(String charset) throws ImapParseException {
        int c = peek();
        if (c == '"') return decode(quotedBytes(), charset);
        if (atLiteralEnd()) return decode(literal().data(), charset);
        StringBuilder b = new StringBuilder();
        while (true) {
            c = peek();
            if (c < 0 || !(isAtomChar(c) || c == ']')) break;
            b.append((char) c);
            next();
        }
        if (b.isEmpty()) throw error(c < 0 ? "missing argument" : "expected an atom or a string");
        return decode(b.toString().getBytes(StandardCharsets.ISO_8859_1), charset);
    }

    private String string() throws ImapParseException {
        if (peek() == '"') return quoted();
        if (atLiteralEnd()) return utf8(literal().data());
        throw error("expected a quoted string or a literal");
    }

    private String nstring() throws ImapParseException {
        if (peekNil()) {
            atom();
            return null;
        }
        return string();
    }

    private String quoted() throws ImapParseException {
        return utf8(quotedBytes());
    }

    private byte[] quotedBytes() throws ImapParseException {
        expect('"');
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        while (true) {
            int c = peek();
            if (c < 0) throw error("unterminated quoted string");
            next();
            if (c == '"') break;
            // RFC 9051 §4.3 QUOTED-CHAR excludes CR, LF and NUL.
            if (c == 0 || c == '\r' || c == '\n') throw error("invalid character in quoted string");
            if (c == '\\') {
                int e = peek();
                // RFC 9051 §4.3: only DQUOTE and backslash may be escaped.
                if (e != '"' && e != '\\') throw error("invalid escape in quoted string");
                next();
                b.write(e);
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    private String base64() throws ImapParseException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || c == ' ') break;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=')) {
                throw error("invalid base64");
            }
            b.append((char) c);
            next();
        }
        if (b.isEmpty()) throw error("expected base64 data");
        return b.toString();
    }

    private String atom() throws ImapParseException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || !isAtomChar(c)) break;
            b.append((char) c);
            next();
        }
        if (b.isEmpty()) {
            int c = peek();
            throw error(c < 0 ? (atLiteralEnd() ? "unexpected literal" : "missing argument") : "unexpected character '" + printable(c) + "'");
        }
        return utf8(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private long number() throws ImapParseException {
        long n = number64();
        if (n > SequenceSet.MAX_NUMBER) throw error("number out of range");
        return n;
    }

    private long nzNumber() throws ImapParseException {
        long n = number();
        if (n == 0) throw error("number must not be zero");
        return n;
    }

    /** RFC 9051 number64: 0..2^63-1. */
    private long number64() throws ImapParseException {
        long n = 0;
        int digits = 0;
        while (true) {
            int c = peek();
            if (c < '0' || c > '9') break;
            next();
            if (++digits > 19) throw error("number too large");
            n = n * 10 + (c - '0');
            if (n < 0) throw error("number too large");
        }
        if (digits == 0) throw error("expected a number");
        return n;
    }

    private long nzNumber64() throws ImapParseException {
        long n = number64();
        if (n == 0) throw error("number must not be zero");
        return n;
    }

    private String readTag() throws ImapParseException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || !isTagChar(c)) break;
            b.append((char) c);
            next();
        }
        if (b.isEmpty()) throw new ImapParseException(null, "missing command tag");
        // A tag with a character it may not hold cannot be answered with that tag.
        if (peek() >= 0 && peek() != ' ') throw new ImapParseException(null, "invalid command tag");
        return b.toString();
    }

    // ------------------------------------------------------------------ cursor

    private int peek() {
        byte[] text = (byte[]) parts.get(part);
        return pos < text.length ? text[pos] & 0xff : -1;
    }

    private void next() {
        pos++;
    }

    private boolean atLiteralEnd() {
        byte[] text = (byte[]) parts.get(part);
        return pos == text.length && part + 1 < parts.size();
    }

    private Literal literal() {
        Literal l = (Literal) parts.get(part + 1);
        part += 2;
        pos = 0;
        return l;
    }

    private void sp() throws ImapParseException {
        if (peek() != ' ') throw error(peek() < 0 && !atLiteralEnd() ? "missing argument" : "expected a space");
        next();
    }

    private void expect(char c) throws ImapParseException {
        if (peek() != c) throw error("expected '" + c + "'");
        next();
    }

    private void end() throws ImapParseException {
        if (peek() >= 0 || atLiteralEnd()) throw error("unexpected extra arguments");
    }

    private boolean peekNil() {
        byte[] text = (byte[]) parts.get(part);
        if (pos + 3 > text.length) return false;
        if (!new String(text, pos, 3, StandardCharsets.ISO_8859_1).equalsIgnoreCase("NIL")) return false;
        return pos + 3 == text.length || !isAtomChar(text[pos + 3] & 0xff);
    }

    private boolean peekWord(String word) {
        byte[] text = (byte[]) parts.get(part);
        int end = pos + word.length();
        if (end > text.length) return false;
        if (!new String(text, pos, word.length(), StandardCharsets.ISO_8859_1).equalsIgnoreCase(word)) return false;
        return end == text.length || text[end] == ' ';
    }

    private String peekAtomUpper() {
        byte[] text = (byte[]) parts.get(part);
        int end = pos;
        while (end < text.length && isAtomChar(text[end] & 0xff)) end++;
        return new String(text, pos, end - pos, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    private ImapParseException error(String message) {
        return new ImapParseException(tag, message);
    }

    // ------------------------------------------------------------------ characters

    /** RFC 9051 ATOM-CHAR: any CHAR except atom-specials; 8-bit bytes pass (UTF-8 in IMAP4rev2). */
    static boolean isAtomChar(int c) {
        if (c <= 0x1f || c == 0x7f || c < 0) return false;
        return switch (c) {
            case '(', ')', '{', ' ', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    /** RFC 9051 tag: ASTRING-CHAR except "+", 7-bit only (CHAR). */
    private static boolean isTagChar(int c) {
        int b = c & 0xff;
        return b < 0x80 && (isAtomChar(b) || b == ']') && b != '+';
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private String decode(byte[] bytes, String charset) throws ImapParseException {
        if (charset == null) return utf8(bytes);
        try {
            return Charset.forName(charset).newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("string is not valid " + charset);
        }
    }

    private String utf8(byte[] bytes) throws ImapParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8");
        }
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c);
    }

    /** Echoed input is cut short and stripped of controls so an answer cannot be abused to inject lines. */
    private static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char ch : t.toCharArray()) b.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        return b.toString();
    }
}
