package org.switchboard.smtp.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.mail.optional.EnvelopeAccessors;
import org.apache.jsieve.mail.SieveMailException;

/**
 * One message as the Sieve interpreter sees it (RFC 5228 §2.4.2, envelope per §5.4): headers,
 * addresses, size, body text and the SMTP envelope. Collects the actions the script takes; they
 * are carried out by {@link UserRules} afterwards, so a script error leaves nothing half done.
 * Used by one delivery thread.
 */
final class MessageAdapter implements MailAdapter, EnvelopeAccessors {
    private final ParsedMessage message;
    private final String from;
    private final String to;
    private final List<Action> actions = new ArrayList<>();

    MessageAdapter(ParsedMessage message, String envelopeFrom, String envelopeTo) {
        this.message = message;
        this.from = envelopeFrom;
        this.to = envelopeTo;
    }

    @Override public void setContext(SieveContext context) { }

    @Override public List<Action> getActions() { return actions; }

    @Override public void addAction(Action action) { actions.add(action); }

    @Override public void executeActions() { }

    @Override public List<String> getHeader(String name) { return message.values(name); }

    @Override public List<String> getMatchingHeader(String name) { return message.values(name); }

    @Override public List<String> getHeaderNames() { return message.names(); }

    @Override public int getSize() { return (int) Math.min(Integer.MAX_VALUE, message.size()); }

    @Override
    public String getContentType() {
        String ct = message.first("Content-Type");
        return ct == null ? "text/plain" : ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean isInBodyText(List<String> phrases) {
        String body = message.bodyLower();
        return phrases.stream().anyMatch(p -> body.contains(p.toLowerCase(Locale.ROOT)));
    }

    @Override
    public boolean isInBodyRaw(List<String> phrases) {
        return phrases.stream().anyMatch(p -> message.body().contains(p));
    }

    @Override
    public boolean isInBodyContent(List<String> contentTypes, List<String> phrases) throws SieveMailException {
        throw new SieveMailException("body :content is not supported");
    }

    @Override
    public Address[] parseAddresses(String headerName) {
        List<Address> out = new ArrayList<>();
        for (String v : message.values(headerName)) {
            try {
                AddressList list = DefaultAddressParser.DEFAULT.parseAddressList(v);
                for (Mailbox m : list.flatten()) out.add(new SimpleAddress(m.getLocalPart(), m.getDomain() == null ? "" : m.getDomain()));
            } catch (org.apache.james.mime4j.field.address.ParseException | RuntimeException e) {
                // RFC 5228 §5.1: a header that is not an address list simply matches nothing.
            }
        }
        return out.toArray(Address[]::new);
    }

    @Override
    public List<String> getEnvelope(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "from" -> List.of(from);
            case "to" -> List.of(to);
            default -> List.of();
        };
    }

    @Override public List<String> getEnvelopeNames() { return List.of("from", "to"); }

    @Override public List<String> getMatchingEnvelope(String name) { return getEnvelope(name); }

    private record SimpleAddress(String getLocalPart, String getDomain) implements Address {}
}
