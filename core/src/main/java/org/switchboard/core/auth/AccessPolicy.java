package org.switchboard.core.auth;

import java.util.Map;

/**
 * A user access policy (guide: Definitions → User Access Policies): per protocol allow,
 * allow only from an IP address group, or deny; {@code others} covers the protocols not listed.
 */
public record AccessPolicy(String name, Map<Protocol, Rule> rules, Rule others) {
    public AccessPolicy {
        rules = rules == null ? Map.of() : Map.copyOf(rules);
        if (others == null) others = Rule.ALLOW_ALL;
    }

    /** The protocols users log in with; services name themselves with one of these. */
    public enum Protocol { SMTP, POP3, IMAP, WEBMAIL, DAV, ACTIVESYNC, LDAP, XMPP, SIP, ADMIN }

    public enum Action { ALLOW, ALLOW_FROM_GROUP, DENY }

    public record Rule(Action action, String ipGroup) {
        public static final Rule ALLOW_ALL = new Rule(Action.ALLOW, null);
    }

    public Rule ruleFor(Protocol p) { return rules.getOrDefault(p, others); }

    public static AccessPolicy allowAll(String name) { return new AccessPolicy(name, Map.of(), Rule.ALLOW_ALL); }
}
