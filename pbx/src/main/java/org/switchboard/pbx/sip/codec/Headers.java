package org.switchboard.pbx.sip.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of a message in order, one value per entry (comma lists are split on receipt, RFC 3261
 * §7.3.1), names canonical so lookups are exact after {@link HeaderNames#canonical}. Immutable; the with/without
 * methods return copies. Typed accessors parse on use; the reader validated every field they read.
 */
public record Headers(List<Header> list) {
    public record Header(String name, String value) {}

    public static final Headers EMPTY = new Headers(List.of());

    public Headers {
        list = List.copyOf(list);
    }

    public Optional<String> first(String name) {
        String n = HeaderNames.canonical(name);
        for (Header h : list) if (h.name().equalsIgnoreCase(n)) return Optional.of(h.value());
        return Optional.empty();
    }

    public List<String> all(String name) {
        String n = HeaderNames.canonical(name);
        List<String> out = new ArrayList<>();
        for (Header h : list) if (h.name().equalsIgnoreCase(n)) out.add(h.value());
        return out;
    }

    public int count(String name) { return all(name).size(); }

    public Headers add(String name, String value) {
        List<Header> l = new ArrayList<>(list);
        l.add(new Header(HeaderNames.canonical(name), value));
        return new Headers(l);
    }

    /** Inserts before the first field (a Via or Record-Route a proxy adds goes on top). */
    public Headers addFirst(String name, String value) {
        List<Header> l = new ArrayList<>(list.size() + 1);
        l.add(new Header(HeaderNames.canonical(name), value));
        l.addAll(list);
        return new Headers(l);
    }

    /** Replaces all values of {@code name} by one, at the position of the first. */
    public Headers set(String name, String value) {
        String n = HeaderNames.canonical(name);
        List<Header> l = new ArrayList<>();
        boolean done = false;
        for (Header h : list) {
            if (h.name().equalsIgnoreCase(n)) {
                if (!done) l.add(new Header(n, value));
                done = true;
            } else {
                l.add(h);
            }
        }
        if (!done) l.add(new Header(n, value));
        return new Headers(l);
    }

    public Headers without(String name) {
        String n = HeaderNames.canonical(name);
        return new Headers(list.stream().filter(h -> !h.name().equalsIgnoreCase(n)).toList());
    }

    /** Drops the first value of {@code name} (the top Via when a response goes back upstream). */
    public Headers withoutFirst(String name) {
        String n = HeaderNames.canonical(name);
        List<Header> l = new ArrayList<>(list);
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).name().equalsIgnoreCase(n)) {
                l.remove(i);
                break;
            }
        }
        return new Headers(l);
    }

    public List<Via> vias() { return all(HeaderNames.VIA).stream().map(v -> unchecked(() -> Via.parse(v))).toList(); }

    public Via topVia() { return unchecked(() -> Via.parse(first(HeaderNames.VIA).orElseThrow())); }

    public Address from() { return address(HeaderNames.FROM); }

    public Address to() { return address(HeaderNames.TO); }

    public String callId() { return first(HeaderNames.CALL_ID).orElseThrow().strip(); }

    public CSeq cseq() { return unchecked(() -> CSeq.parse(first(HeaderNames.CSEQ).orElseThrow())); }

    /** Contact values; a "*" wildcard (REGISTER only) is reported by {@link #contactWildcard()} instead. */
    public List<Address> contacts() {
        return all(HeaderNames.CONTACT).stream().filter(v -> !v.strip().equals("*")).map(v -> unchecked(() -> Address.parse(v))).toList();
    }

    public boolean contactWildcard() { return all(HeaderNames.CONTACT).stream().anyMatch(v -> v.strip().equals("*")); }

    public List<Address> addresses(String name) { return all(name).stream().map(v -> unchecked(() -> Address.parse(v))).toList(); }

    public Optional<Integer> integer(String name) {
        return first(name).map(String::strip).filter(v -> v.matches("\\d{1,10}")).map(Long::parseLong)
                .map(v -> (int) Math.min(v, Integer.MAX_VALUE));
    }

    private Address address(String name) {
        return unchecked(() -> Address.parse(first(name).orElseThrow()));
    }

    interface Parse<T> { T get() throws SipParseException; }

    static <T> T unchecked(Parse<T> p) {
        try {
            return p.get();
        } catch (SipParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
